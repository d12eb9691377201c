import { useEffect, useState } from 'preact/hooks';

/** Screens live under /app/; the API answers every such path with the app's page. */
export const BASE = '/app/';

export function navigate(path: string): void {
  history.pushState(null, '', BASE + path.replace(/^\//, ''));
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The path below /app/, e.g. `usulan/01K…`, kept current as the person moves. */
export function useRoute(): string {
  const read = () => location.pathname.slice(BASE.length).replace(/\/$/, '');
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const update = () => setRoute(read());
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return route;
}

/** A link that moves within the app without reloading it. */
export function linkProps(path: string) {
  return {
    href: BASE + path,
    onClick: (event: MouseEvent) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      navigate(path);
    },
  };
}
