import { describe, expect, it } from 'vitest';
import { html } from '../../../functions/domain/html.js';

describe('html template', () => {
  it('escapes interpolated text', () => {
    expect(html`<p>${'<script>alert("x")</script> & \'q\''}</p>`.value).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</p>',
    );
  });

  it('keeps nested html as markup and flattens lists', () => {
    const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>`.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul>');
  });

  it('renders null, undefined and false as nothing', () => {
    expect(html`${null}${undefined}${false}${0}`.value).toBe('0');
  });
});
