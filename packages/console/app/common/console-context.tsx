import { createContext, useContext } from "react";
import type { ConsoleClient } from "../api/console-client.js";
import type { Session } from "../api/wire-types.js";

export interface ConsoleContextValue {
  readonly client: ConsoleClient;
  readonly session: Session;
  /** The region every page works in: the user's saved choice, else the deployment's default. */
  readonly region: string;
  replaceSession(session: Session): void;
  /** Whether the role table lets this user do `action` (the server checks again on every call). */
  may(action: string): boolean;
}

export const ConsoleContext = createContext<ConsoleContextValue | null>(null);

export function useConsole(): ConsoleContextValue {
  const value = useContext(ConsoleContext);
  if (value === null) throw new Error("useConsole needs a signed-in ConsoleContext");
  return value;
}

export function consoleContextFor(
  client: ConsoleClient,
  session: Session,
  replaceSession: (session: Session) => void,
): ConsoleContextValue {
  const saved = session.user.region;
  const region = saved !== null && session.regions.includes(saved) ? saved : session.default_region;
  return {
    client,
    session,
    region,
    replaceSession,
    may: (action) => session.actions[action] === true,
  };
}
