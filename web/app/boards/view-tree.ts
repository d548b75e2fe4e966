import { h } from '../dom.js';
import { playerChip, type Seating } from '../seats.js';

/**
 * A player's view drawn for people, for any game: arrays of arrays as grids (a table, row and column
 * numbers in its headers, so a move's arguments can be read off it), records as labelled fields,
 * lists as lists, a seated player's id (as a value or a key) as their name in their seat's colour,
 * and strings as they are,
 * whitespace kept (a game may draw with spaces). Every value keeps its path in `data-path`.
 */
export function viewTree(value: unknown, seating: Seating, path = ''): HTMLElement {
  const node = describe(value, seating, path);
  node.dataset.path = path;
  return node;
}

function describe(value: unknown, seating: Seating, path: string): HTMLElement {
  if (Array.isArray(value)) {
    if (value.length === 0) return h('span', { class: 'empty-value' }, 'none');
    if (value.every(Array.isArray)) return grid(value as unknown[][], seating, path);
    if (value.every(isScalar)) {
      return h(
        'ol',
        { class: 'inline-list' },
        ...value.map((item, index) => listItem(item, seating, `${path}[${index}]`)),
      );
    }
    return h(
      'ol',
      { class: 'list', attrs: { start: 0 } },
      ...value.map((item, index) => listItem(item, seating, `${path}[${index}]`)),
    );
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return h('span', { class: 'empty-value' }, 'none');
    return h(
      'dl',
      { class: 'fields' },
      ...entries.map(([key, item]) =>
        h(
          'div',
          { class: 'field-row', attrs: { 'data-key': key } },
          h('dt', {}, seating.players.includes(key) ? playerChip(seating, key) : key),
          h('dd', {}, viewTree(item, seating, path === '' ? key : `${path}.${key}`)),
        ),
      ),
    );
  }
  return scalar(value, seating);
}

const listItem = (item: unknown, seating: Seating, path: string): HTMLElement =>
  h('li', {}, viewTree(item, seating, path));

/** Rows are the outer array, columns the inner ones; a short row leaves its cells empty. */
function grid(rows: readonly unknown[][], seating: Seating, path: string): HTMLElement {
  const columns = Math.max(...rows.map((row) => row.length));
  const indices = Array.from({ length: columns }, (_, column) => column);
  return h(
    'table',
    { class: 'grid', testid: 'view-grid' },
    h('thead', {}, h('tr', {}, h('th', {}), ...indices.map((column) => h('th', { attrs: { scope: 'col' } }, column)))),
    h(
      'tbody',
      {},
      ...rows.map((row, r) =>
        h(
          'tr',
          {},
          h('th', { attrs: { scope: 'row' } }, r),
          ...indices.map((column) =>
            h(
              'td',
              { attrs: { 'data-row': r, 'data-column': column } },
              column < row.length ? viewTree(row[column], seating, `${path}[${r}][${column}]`) : '',
            ),
          ),
        ),
      ),
    ),
  );
}

const isScalar = (value: unknown): boolean => value === null || typeof value !== 'object';

function scalar(value: unknown, seating: Seating): HTMLElement {
  if (typeof value === 'string') {
    if (seating.players.includes(value)) return playerChip(seating, value);
    return value === ''
      ? h('span', { class: 'string empty-value' }, 'empty text')
      : h('span', { class: 'string' }, value);
  }
  if (value === null || value === undefined) return h('span', { class: 'null' }, '–');
  return h('code', { class: typeof value }, String(value));
}
