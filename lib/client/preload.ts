/**
 * A list page's data requested from the HTML, before the page's JavaScript has loaded: the page
 * (prerendered, so served at once) holds {@link preloadScript} for its first list page's URL, the
 * script starts the fetch as soon as the browser parses it when the address is the one it was
 * rendered for, and {@link takePreloaded} hands that answer to the first `fetchJson` of the same
 * URL. Each answer is used once, and only while fresh; otherwise the fetch is made anew.
 */

const GLOBAL = '__sidecarscopePreload';
/** A preloaded answer older than this is not used: the page hydrated long after, or never asked. */
export const PRELOAD_FRESH_MS = 10_000;

interface Preloaded {
  at: number;
  response: Promise<Response>;
}

type PreloadHolder = Record<string, Preloaded | undefined>;

/** `JSON.stringify` safe inside an inline `<script>` (no `</script>`, no line separators). */
function toScriptLiteral(value: string): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The inline script starting the fetch of `url` (with the headers `fetchJson` sends) when the
 * page's address (path and query) is `page`: a list with filters in its query asks for another URL.
 */
export function preloadScript(url: string, page: string): string {
  const u = toScriptLiteral(url);
  const p = toScriptLiteral(page);
  return `(function(){try{var w=window,l=w.location;if(l.pathname+l.search!==${p})return;var h=w.${GLOBAL}=w.${GLOBAL}||{};h[${u}]={at:Date.now(),response:fetch(${u},{headers:{accept:'application/json'}})};}catch(e){}})();`;
}

/** The preloaded answer for `url`, once, if it was started within {@link PRELOAD_FRESH_MS}. */
export function takePreloaded(url: string, now: number, scope: unknown = typeof window === 'undefined' ? undefined : window): Promise<Response> | undefined {
  const holder = (scope as { [GLOBAL]?: PreloadHolder } | undefined)?.[GLOBAL];
  const entry = holder?.[url];
  if (!holder || !entry) return undefined;
  delete holder[url];
  return now - entry.at <= PRELOAD_FRESH_MS ? entry.response : undefined;
}
