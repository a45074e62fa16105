import { Button, ButtonGroup } from "@blueprintjs/core";
import { ChevronLeftIcon, ChevronRightIcon } from "@blueprintjs/icons";
import { useState } from "react";

/**
 * Keyset paging over the API's opaque `next_page_token`: forward follows the token, back returns to the
 * token that opened the previous page. There is no page count and no cap, so it works past 10,000 items.
 */
export function useKeysetPages(queryKey: string) {
  // tokens[i] opened page i; page 0 needs no token. They belong to one question (search, filter, region):
  // a token is never sent with a question other than the one that produced it.
  const [state, setState] = useState<{ readonly key: string; readonly tokens: readonly (string | null)[] }>({
    key: queryKey,
    tokens: [null],
  });
  const tokens = state.key === queryKey ? state.tokens : [null];
  const pageIndex = tokens.length - 1;
  return {
    pageToken: tokens[pageIndex] ?? null,
    pageNumber: pageIndex + 1,
    next: (token: string) => setState({ key: queryKey, tokens: [...tokens, token] }),
    previous: () => setState({ key: queryKey, tokens: tokens.length > 1 ? tokens.slice(0, -1) : tokens }),
  };
}

export function KeysetPager({
  pageNumber,
  nextPageToken,
  onPrevious,
  onNext,
  disabled,
}: {
  readonly pageNumber: number;
  readonly nextPageToken: string | null;
  onPrevious(): void;
  onNext(token: string): void;
  readonly disabled: boolean;
}) {
  if (pageNumber === 1 && nextPageToken === null) return null;
  return (
    <nav className="lk-pager" aria-label="Pages">
      <span className="lk-muted">Page {pageNumber}</span>
      <ButtonGroup>
        <Button
          icon={<ChevronLeftIcon />}
          text="Previous page"
          disabled={disabled || pageNumber === 1}
          onClick={onPrevious}
        />
        <Button
          endIcon={<ChevronRightIcon />}
          text="Next page"
          disabled={disabled || nextPageToken === null}
          onClick={() => {
            if (nextPageToken !== null) onNext(nextPageToken);
          }}
        />
      </ButtonGroup>
    </nav>
  );
}
