import type { GameClient } from '../../../src/client/index.js';
import { fill, h } from '../dom.js';
import { errorInWords } from '../words.js';
import type { BoardUi } from './board.js';

type JsonSchema = Readonly<Record<string, unknown>>;
type SendMove = (args: unknown) => Promise<unknown>;

export interface MoveForm {
  readonly element: HTMLFormElement;
  /** Forgets the last refusal: the match moved on. */
  clearProblem(): void;
}

/**
 * One move's form, built from its JSON Schema (which the lobby's game list carries, from zod).
 * Scalars get inputs; anything a form cannot express well (arrays, nested objects, unions) gets a
 * JSON field. The form never judges a move: the server's schema and rules do, and their refusal is
 * shown right under the form the player used, scrolled into view, as well as at the top of the page.
 */
export function moveForm(client: GameClient<unknown>, ui: BoardUi, name: string, schema: JsonSchema): MoveForm {
  const properties = objectProperties(schema);
  const fields = properties
    ? Object.entries(properties).map(([key, property]) => field(name, key, property, requiredOf(schema).includes(key)))
    : [jsonField(name, 'args', schema, false)];
  const button = h('button', { testid: `move-${name}`, attrs: { type: 'submit' } }, name);
  const problem = h('p', {
    class: 'error form-problem',
    testid: `move-${name}-problem`,
    attrs: { role: 'alert', 'aria-live': 'polite' },
  });
  const send = (client.move as unknown as Record<string, SendMove>)[name] as SendMove;
  const refused = (error: unknown): void => {
    fill(problem, errorInWords(error));
    problem.scrollIntoView({ block: 'nearest' });
  };
  const element = h(
    'form',
    {
      class: 'move-form',
      testid: `move-form-${name}`,
      on: {
        submit: (event) => {
          event.preventDefault();
          fill(problem);
          let args: unknown;
          try {
            const values = fields.map((entry) => [entry.key, entry.read()] as const);
            args = properties
              ? Object.fromEntries(values.filter(([, value]) => value !== undefined))
              : (values[0]?.[1] ?? {});
          } catch (error) {
            fill(problem, error instanceof Error ? error.message : String(error));
            return;
          }
          ui.play(() =>
            send(args).catch((error: unknown) => {
              refused(error);
              throw error;
            }),
          );
        },
      },
    },
    h('div', { class: 'move-fields' }, ...fields.map((entry) => entry.element), button),
    problem,
  );
  return { element, clearProblem: () => fill(problem) };
}

interface Field {
  readonly key: string;
  readonly element: HTMLElement;
  /** The value to send, `undefined` to leave it out; throws a message for the user on bad input. */
  read(): unknown;
}

function field(move: string, key: string, schema: JsonSchema, required: boolean): Field {
  const label = (control: HTMLElement) => h('label', { class: 'field' }, `${key} `, control);
  const testid = `move-${move}-${key}`;
  const choices = Array.isArray(schema.enum) ? (schema.enum as unknown[]) : undefined;
  if (choices?.every((choice) => typeof choice === 'string' || typeof choice === 'number')) {
    const select = h(
      'select',
      { testid, attrs: { name: key } },
      ...(required ? [] : [h('option', { attrs: { value: '' } }, '—')]),
      ...choices.map((choice, index) => h('option', { attrs: { value: String(index) } }, String(choice))),
    );
    return {
      key,
      element: label(select),
      read: () => (select.value === '' ? undefined : choices[Number(select.value)]),
    };
  }
  if (schema.type === 'boolean') {
    const box = h('input', { testid, attrs: { type: 'checkbox', name: key } });
    return { key, element: label(box), read: () => box.checked };
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    const input = h('input', {
      testid,
      attrs: {
        type: 'number',
        name: key,
        required,
        step: schema.type === 'integer' ? 1 : 'any',
        min: typeof schema.minimum === 'number' ? schema.minimum : undefined,
        max: typeof schema.maximum === 'number' ? schema.maximum : undefined,
      },
    });
    return { key, element: label(input), read: () => (input.value === '' ? undefined : Number(input.value)) };
  }
  if (schema.type === 'string') {
    const input = h('input', { testid, attrs: { type: 'text', name: key, required } });
    return { key, element: label(input), read: () => (input.value === '' && !required ? undefined : input.value) };
  }
  return jsonField(move, key, schema, required);
}

/** A JSON text field, for what a form cannot express; the schema is shown as its placeholder. */
function jsonField(move: string, key: string, schema: JsonSchema, required: boolean): Field {
  const { $schema: _, ...shown } = schema;
  const area = h('textarea', {
    testid: `move-${move}-${key}`,
    attrs: { name: key, rows: 2, placeholder: JSON.stringify(shown), 'aria-label': `${key} (JSON)` },
  });
  return {
    key,
    element: h('label', { class: 'field' }, `${key} (JSON) `, area),
    read: () => {
      const text = area.value.trim();
      if (text === '') return required ? null : undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new Error(`${key} is not valid JSON`);
      }
    },
  };
}

const objectProperties = (schema: JsonSchema): Record<string, JsonSchema> | undefined =>
  schema.type === 'object' && typeof schema.properties === 'object' && schema.properties !== null
    ? (schema.properties as Record<string, JsonSchema>)
    : undefined;

const requiredOf = (schema: JsonSchema): readonly string[] =>
  Array.isArray(schema.required) ? (schema.required as string[]) : [];
