/**
 * The login page the proxy answers with when a browser has no session: one field for the token,
 * posted to `{basePath}/login`. Plain HTML, no script, so it works under the strictest policy.
 */

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The login page for `basePath`, continuing to `next` (relative to the base path). */
export function renderLoginPage(options: { basePath: string; next: string; failed: boolean }): string {
  const action = escapeHtml(`${options.basePath}/login`);
  const error = options.failed ? '<p role="alert" style="color:#b91c1c">That token is not valid.</p>' : '';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>Sidecarscope: sign in</title></head>
<body style="font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem">
<h1 style="font-size:1.5rem">Sidecarscope</h1>
<p>This dashboard is protected by a token. Ask whoever deployed it, or read it from the
<code>SIDECARSCOPE_TOKEN</code> of the deployment.</p>
${error}
<form method="post" action="${action}">
<input type="hidden" name="next" value="${escapeHtml(options.next)}">
<label for="token">Token</label><br>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus style="width:100%;padding:.4rem;margin:.3rem 0 .8rem">
<button type="submit" style="padding:.4rem 1rem">Sign in</button>
</form>
</body>
</html>
`;
}

/** The sign-out page: `GET /logout` changes nothing, its button posts to `{basePath}/logout`. */
export function renderLogoutPage(options: { basePath: string }): string {
  const action = escapeHtml(`${options.basePath}/logout`);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>Sidecarscope: sign out</title></head>
<body style="font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem">
<h1 style="font-size:1.5rem">Sidecarscope</h1>
<form method="post" action="${action}">
<button type="submit" style="padding:.4rem 1rem">Sign out</button>
</form>
</body>
</html>
`;
}
