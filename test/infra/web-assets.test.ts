import { describe, expect, it } from 'vitest';
import { hostedLayout } from '../../infra/web-assets.js';

const asset = (text: string) => ({ body: Buffer.from(text, 'utf8') });
const PAGE = '<link rel="stylesheet" href="./styles.css" /><script type="module" src="./app.js"></script>';

describe('the hosted layout of the web UI', () => {
  it('keeps pages at the root and moves every other file under assets/ with its content hash', () => {
    const layout = hostedLayout(
      new Map([
        ['index.html', asset(PAGE)],
        ['app.js', asset('console.log(1)')],
        ['styles.css', asset('body{}')],
      ]),
    );
    const names = [...layout.keys()].sort();
    expect(names).toHaveLength(3);
    expect(names[0]).toMatch(/^assets\/app\.[0-9a-f]{12}\.js$/);
    expect(names[1]).toMatch(/^assets\/styles\.[0-9a-f]{12}\.css$/);
    expect(names[2]).toBe('index.html');
    expect(layout.get('index.html')?.toString()).toBe(
      `<link rel="stylesheet" href="./${names[1]}" /><script type="module" src="./${names[0]}"></script>`,
    );
  });

  it('gives changed content a new name and unchanged content the same one', () => {
    const names = (script: string) => [
      ...hostedLayout(
        new Map([
          ['index.html', asset(PAGE)],
          ['app.js', asset(script)],
          ['styles.css', asset('a')],
        ]),
      ).keys(),
    ];
    expect(names('one')).toEqual(names('one'));
    expect(names('one')).not.toEqual(names('two'));
  });

  it('refuses a file no page references: under its new name it would be unreachable', () => {
    expect(() =>
      hostedLayout(
        new Map([
          ['index.html', asset(PAGE)],
          ['app.js', asset('x')],
          ['styles.css', asset('y')],
          ['extra.js', asset('z')],
        ]),
      ),
    ).toThrow(/no page references extra\.js/);
  });
});
