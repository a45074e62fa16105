import {
  type AnchorHTMLAttributes,
  createContext,
  type MouseEvent,
  type ReactNode,
  useContext,
  useEffect,
  useState,
} from "react";
import { pathOf, type Route, routeOf } from "./routes.js";

interface RouterValue {
  readonly route: Route;
  navigate(route: Route, options?: { replace?: boolean }): void;
}

const RouterContext = createContext<RouterValue | null>(null);

/** History-API routing over {@link Route}: links are real links (open in a new tab works), clicks stay in the app. */
export function RouterProvider({ children }: { readonly children: ReactNode }) {
  const [route, setRoute] = useState<Route>(() => routeOf(window.location.pathname));

  useEffect(() => {
    const onPopState = () => setRoute(routeOf(window.location.pathname));
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  const navigate = (next: Route, options: { replace?: boolean } = {}) => {
    const path = pathOf(next);
    if (options.replace === true) window.history.replaceState(null, "", path);
    else window.history.pushState(null, "", path);
    setRoute(next);
    window.scrollTo(0, 0);
  };

  return <RouterContext.Provider value={{ route, navigate }}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (value === null) throw new Error("useRouter needs a RouterProvider");
  return value;
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & { readonly to: Route };

/** An <a href> that navigates in place on a plain left click and lets the browser handle every other click. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const { navigate } = useRouter();
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a {...rest} href={pathOf(to)} onClick={handleClick} />;
}
