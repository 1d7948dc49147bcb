import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ErrorBoundary } from '../../src/ui/common/ErrorBoundary';

/**
 * The boundary's own parts: the state React derives from a thrown error, and the message it renders then. (A server
 * render does not run error boundaries; the e2e test faults.e2e.ts has a screen really throw in Chromium.)
 */
describe('ErrorBoundary', () => {
  const props = { screen: 'Result', resetKey: '#/result/ep-1', children: createElement('p', null, 'the screen') };

  it('renders its children while nothing failed', () => {
    expect(renderToString(createElement(ErrorBoundary, props))).toBe('<p>the screen</p>');
  });

  it('turns what a screen throws into an error, whatever was thrown', () => {
    const e = new TypeError("Cannot read properties of undefined (reading 'elapsedMs')");
    expect(ErrorBoundary.getDerivedStateFromError(e)).toEqual({ error: e });
    expect(ErrorBoundary.getDerivedStateFromError('a string').error.message).toBe('a string');
  });

  it('then says which screen failed and on what, that saved work is kept, and offers Home and a reload', () => {
    const boundary = new ErrorBoundary(props);
    boundary.state = ErrorBoundary.getDerivedStateFromError(new TypeError("Cannot read properties of undefined (reading 'elapsedMs')"));
    // React marks where text pieces meet with empty comments.
    const html = renderToString(boundary.render() as never).replaceAll('<!-- -->', '');
    expect(html).toContain('role="alert"');
    expect(html).toContain('The Result screen stopped working');
    expect(html).toContain('Cannot read properties of undefined (reading &#x27;elapsedMs&#x27;)');
    expect(html).toContain('Nothing saved is lost');
    expect(html).toMatch(/<a class="btn primary" href="#\/">Back to Home<\/a>/);
    expect(html).toContain('Reload the page');
    expect(html).not.toContain('the screen</p>');
  });
});
