import { Button, Checkbox, InputGroup, Intent, Tag } from "@blueprintjs/core";
import { CaretDownIcon, CaretRightIcon, SearchIcon, SmallCrossIcon } from "@blueprintjs/icons";
import { useMemo, useState } from "react";
import type { CatalogPermission, PermissionCatalog } from "../api/wire-types.js";

interface ProductGroup {
  readonly product: string;
  readonly permissions: readonly CatalogPermission[];
}

const NOT_IN_CATALOG = "Not in this region's catalog";

/**
 * Picks a restricted key's permissions from the region's catalog: grouped by product, searchable by
 * permission or by the endpoint it opens, at most `max_permissions`. What a permission allows is the
 * server's catalog, shown as is; nothing here decides it.
 */
export function PermissionsPicker({
  catalog,
  selected,
  onChange,
  disabled = false,
}: {
  readonly catalog: PermissionCatalog;
  readonly selected: readonly string[];
  onChange(next: readonly string[]): void;
  readonly disabled?: boolean;
}) {
  const [query, setQuery] = useState("");
  // Groups holding a permission the key already has start open, so a key's page shows what it holds.
  const [expanded, setExpanded] = useState<Readonly<Record<string, boolean>>>(() =>
    Object.fromEntries(
      catalog.products
        .filter((group) => group.permissions.some((item) => selected.includes(item.permission)))
        .map((group) => [group.product, true]),
    ),
  );
  const chosen = useMemo(() => new Set(selected), [selected]);
  const max = catalog.max_permissions;
  const full = selected.length >= max;

  const groups = useMemo(() => withUnknown(catalog, selected), [catalog, selected]);
  const needle = query.trim().toLowerCase();
  const visible = useMemo(() => filterGroups(groups, needle), [groups, needle]);

  const toggle = (permission: string, on: boolean) => {
    if (on) onChange(chosen.has(permission) ? selected : [...selected, permission]);
    else onChange(selected.filter((item) => item !== permission));
  };

  return (
    <fieldset className="lk-picker" disabled={disabled}>
      <legend className="lk-picker-legend">Permissions</legend>
      <div className="lk-picker-bar">
        <InputGroup
          type="search"
          aria-label="Search permissions"
          placeholder="Search permissions or endpoints"
          leftIcon={<SearchIcon />}
          value={query}
          onValueChange={setQuery}
          className="lk-search"
        />
        <Tag
          minimal
          size="large"
          intent={full ? Intent.WARNING : Intent.NONE}
          aria-live="polite"
          className="lk-picker-count"
        >
          {selected.length} of {max} selected
        </Tag>
      </div>
      {selected.length > 0 && (
        <ul className="lk-picker-selected" aria-label="Selected permissions">
          {selected.map((permission) => (
            <li key={permission} className="lk-chip">
              <span className="lk-mono">{permission}</span>
              <Button
                size="small"
                variant="minimal"
                icon={<SmallCrossIcon />}
                aria-label={`Remove ${permission}`}
                onClick={() => toggle(permission, false)}
              />
            </li>
          ))}
        </ul>
      )}
      {full && <p className="lk-muted">A key can hold at most {max} permissions. Remove one to add another.</p>}
      {visible.length === 0 && <p className="lk-muted">No permission matches “{query.trim()}”.</p>}
      <ul className="lk-picker-groups">
        {visible.map((group) => {
          const open = needle !== "" || expanded[group.product] === true;
          const count = group.permissions.filter((item) => chosen.has(item.permission)).length;
          const listId = `permissions-${group.product.replace(/[^a-z0-9-]/gi, "_")}`;
          return (
            <li key={group.product} className="lk-picker-group">
              <Button
                variant="minimal"
                alignText="left"
                fill
                icon={open ? <CaretDownIcon /> : <CaretRightIcon />}
                aria-expanded={open}
                aria-controls={listId}
                onClick={() => setExpanded({ ...expanded, [group.product]: !open })}
                text={
                  <span className="lk-picker-product">
                    <strong>{group.product}</strong>
                    <span className="lk-muted">
                      {count > 0
                        ? `${count} of ${group.permissions.length} selected`
                        : `${group.permissions.length} ${group.permissions.length === 1 ? "permission" : "permissions"}`}
                    </span>
                  </span>
                }
              />
              {open && (
                <ul id={listId} className="lk-picker-list">
                  {group.permissions.map((item) => {
                    const checked = chosen.has(item.permission);
                    const opensId = `opens-${item.permission.replace(/[^a-z0-9-]/gi, "_")}`;
                    return (
                      <li key={item.permission} className="lk-picker-item">
                        <Checkbox
                          checked={checked}
                          disabled={!checked && full}
                          onChange={(event) => toggle(item.permission, event.currentTarget.checked)}
                          label={item.permission}
                          className="lk-mono"
                          aria-describedby={item.opens.length > 0 ? opensId : undefined}
                        />
                        {item.opens.length > 0 && (
                          <ul id={opensId} className="lk-opens" aria-label={`What ${item.permission} opens`}>
                            {item.opens.map((endpoint) => (
                              <li key={endpoint} className="lk-mono">
                                {endpoint}
                              </li>
                            ))}
                          </ul>
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

/** The catalog plus a group for selected permissions it does not list, so none is dropped silently on save. */
function withUnknown(catalog: PermissionCatalog, selected: readonly string[]): readonly ProductGroup[] {
  const known = new Set(catalog.products.flatMap((group) => group.permissions.map((item) => item.permission)));
  const unknown = selected.filter((permission) => !known.has(permission));
  if (unknown.length === 0) return catalog.products;
  return [
    ...catalog.products,
    { product: NOT_IN_CATALOG, permissions: unknown.map((permission) => ({ permission, opens: [] })) },
  ];
}

function filterGroups(groups: readonly ProductGroup[], needle: string): readonly ProductGroup[] {
  if (needle === "") return groups;
  return groups
    .map((group) => ({
      product: group.product,
      permissions: group.product.toLowerCase().includes(needle)
        ? group.permissions
        : group.permissions.filter(
            (item) =>
              item.permission.toLowerCase().includes(needle) ||
              item.opens.some((endpoint) => endpoint.toLowerCase().includes(needle)),
          ),
    }))
    .filter((group) => group.permissions.length > 0);
}
