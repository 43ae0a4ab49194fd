import { describe, expect, it } from 'vitest';
import { escapeHtml, renderLoginPage } from './login-page';

describe('renderLoginPage', () => {
  it('escapes the page to return to, so it cannot inject markup', () => {
    const html = renderLoginPage({ basePath: '/sidecars', next: '/pods?"><script>alert(1)</script>', failed: false });
    expect(html).not.toContain('<script>');
    expect(html).toContain('value="/pods?&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"');
  });

  it('posts the token under the base path, as a password field, and says so when it was wrong', () => {
    const html = renderLoginPage({ basePath: '', next: '/', failed: true });
    expect(html).toContain('<form method="post" action="/login">');
    expect(html).toContain('type="password"');
    expect(html).toContain('role="alert"');
    expect(renderLoginPage({ basePath: '', next: '/', failed: false })).not.toContain('role="alert"');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and attributes', () => {
    expect(escapeHtml(`<a href='x' title="y">&</a>`)).toBe('&#60;a href=&#39;x&#39; title=&#34;y&#34;&#62;&#38;&#60;/a&#62;');
  });
});
