import { Button, Callout, Card, FormGroup, H2, InputGroup, Intent, NonIdealState, Spinner } from "@blueprintjs/core";
import { EyeOffIcon, EyeOpenIcon } from "@blueprintjs/icons";
import { useState } from "react";
import { ConfirmDialog } from "../common/confirm-dialog.js";
import { useConsole } from "../common/console-context.js";
import { CopyButton } from "../common/copy-button.js";
import { ErrorCallout } from "../common/error-callout.js";
import { formatDate } from "../common/format-date.js";
import { useLoad } from "../common/use-load.js";

const MASK = "••••••••••••••••••••••••••••••••";

type Pending = "create" | "promote" | "delete" | null;

/** The region's auth tokens: masked, revealed on request, rotated through a secondary token. */
export function AuthTokensTab() {
  const { client, region, may } = useConsole();
  const tokens = useLoad(() => client.authTokens(region), [client, region]);
  // SECURITY: revealed and freshly created token values live only in this component's state.
  const [primary, setPrimary] = useState<string | null>(null);
  const [newSecondary, setNewSecondary] = useState<string | null>(null);
  const [revealError, setRevealError] = useState<unknown>(undefined);
  const [revealing, setRevealing] = useState(false);
  const [pending, setPending] = useState<Pending>(null);

  const reveal = async () => {
    setRevealing(true);
    setRevealError(undefined);
    try {
      setPrimary((await client.revealPrimaryAuthToken(region)).auth_token);
    } catch (failure) {
      setRevealError(failure);
    } finally {
      setRevealing(false);
    }
  };

  if (tokens.data === undefined) {
    return (
      <section aria-label="Auth tokens" className="lk-section">
        {tokens.loading && <Spinner aria-label="Loading auth tokens" size={30} />}
        <ErrorCallout error={tokens.error} />
      </section>
    );
  }
  const { secondary } = tokens.data;

  return (
    <section aria-label="Auth tokens" className="lk-section">
      <p className="lk-muted">
        The account's Auth Tokens in region <strong>{region}</strong>. Each region has its own.
      </p>
      <Card className="lk-card">
        <H2 className="lk-subtitle">Primary token</H2>
        <FormGroup
          label="Primary auth token"
          labelFor="primary-auth-token"
          helperText={`Created ${formatDate(tokens.data.primary.date_created)}`}
        >
          <div className="lk-copy-row">
            <InputGroup
              id="primary-auth-token"
              value={primary ?? MASK}
              readOnly
              autoComplete="off"
              spellCheck={false}
              className="lk-mono lk-grow"
            />
            {primary !== null && (
              <CopyButton value={primary} label="Copy primary auth token" fallbackInputId="primary-auth-token" />
            )}
            {may("auth_tokens.read_primary") &&
              (primary === null ? (
                <Button icon={<EyeOpenIcon />} text="Reveal" loading={revealing} onClick={() => void reveal()} />
              ) : (
                <Button icon={<EyeOffIcon />} text="Hide" onClick={() => setPrimary(null)} />
              ))}
          </div>
        </FormGroup>
        <ErrorCallout error={revealError} />
      </Card>
      <Card className="lk-card">
        <H2 className="lk-subtitle">Secondary token</H2>
        {newSecondary !== null && (
          <>
            <Callout intent={Intent.WARNING} title="Copy the secondary token now" className="lk-callout">
              It is shown only this once. Put it in your applications, then promote it.
            </Callout>
            <FormGroup label="Secondary auth token" labelFor="secondary-auth-token">
              <div className="lk-copy-row">
                <InputGroup id="secondary-auth-token" value={newSecondary} readOnly className="lk-mono lk-grow" />
                <CopyButton
                  value={newSecondary}
                  label="Copy secondary auth token"
                  fallbackInputId="secondary-auth-token"
                />
                <Button text="Done" onClick={() => setNewSecondary(null)} />
              </div>
            </FormGroup>
          </>
        )}
        {secondary === null ? (
          <NonIdealState
            title="No secondary token"
            description="Create a secondary token to rotate the primary one without downtime: deploy it, then promote it."
            {...(may("auth_tokens.create_secondary") && {
              action: (
                <Button intent={Intent.PRIMARY} text="Create secondary token" onClick={() => setPending("create")} />
              ),
            })}
          />
        ) : (
          <>
            {newSecondary === null && (
              <p>
                <span className="lk-mono">{MASK}</span>{" "}
                <span className="lk-muted">created {formatDate(secondary.date_created)}</span>
              </p>
            )}
            <div className="lk-actions">
              {may("auth_tokens.promote") && (
                <Button intent={Intent.PRIMARY} text="Promote" onClick={() => setPending("promote")} />
              )}
              {may("auth_tokens.delete_secondary") && (
                <Button
                  intent={Intent.DANGER}
                  variant="outlined"
                  text="Delete secondary"
                  onClick={() => setPending("delete")}
                />
              )}
            </div>
          </>
        )}
      </Card>
      <ConfirmDialog
        isOpen={pending === "create"}
        title="Create secondary token"
        confirmLabel="Create secondary token"
        intent={Intent.PRIMARY}
        onClose={() => setPending(null)}
        onConfirm={async () => {
          const created = await client.createSecondaryAuthToken(region);
          setNewSecondary(created.secondary_auth_token);
          tokens.set({
            primary: tokens.data?.primary ?? { date_created: created.date_created },
            secondary: { date_created: created.date_created },
          });
        }}
      >
        <p>
          Create a secondary auth token for region {region}? It works alongside the primary token until you promote or
          delete it.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        isOpen={pending === "promote"}
        title="Promote the secondary token"
        confirmLabel="Promote"
        intent={Intent.WARNING}
        onClose={() => setPending(null)}
        onConfirm={async () => {
          tokens.set(await client.promoteSecondaryAuthToken(region));
          setPrimary(null);
          setNewSecondary(null);
        }}
      >
        <p>The secondary token becomes the primary token, and the current primary token stops working at once.</p>
      </ConfirmDialog>
      <ConfirmDialog
        isOpen={pending === "delete"}
        title="Delete the secondary token"
        confirmLabel="Delete secondary"
        intent={Intent.DANGER}
        onClose={() => setPending(null)}
        onConfirm={async () => {
          await client.deleteSecondaryAuthToken(region);
          setNewSecondary(null);
          tokens.reload();
        }}
      >
        <p>Applications using the secondary token are refused from the moment you delete it.</p>
      </ConfirmDialog>
    </section>
  );
}
