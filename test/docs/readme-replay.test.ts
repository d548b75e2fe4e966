import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STEP_HASH_LENGTH } from '../../src/engine/index.js';
import {
  MAX_LOG_READ,
  MAX_REPLAY_PAGE,
  MAX_REPLAY_PAGE_BYTES,
  MAX_REPLAY_VIEW_STEPS,
  replayPageSchema,
} from '../../src/protocol/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.slice(readme.indexOf('\n## Replay\n'), readme.indexOf('\n## Client SDK'));
const jsonBlocks = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1] ?? ''));

/** The README's "Replay": its answers are what the protocol's schema accepts, and its limits are the code's. */
describe('README "Replay"', () => {
  it('shows a full page and a views page the protocol accepts as they are', () => {
    expect(jsonBlocks.map((block) => block.reveal)).toEqual(['full', 'views']);
    for (const block of jsonBlocks) expect(replayPageSchema.strict().parse(block)).toEqual(block);
    const [full, views] = jsonBlocks;
    expect(full.steps.every((step: { hash: string }) => step.hash.length === STEP_HASH_LENGTH)).toBe(true);
    expect(full.finalHash).toHaveLength(43);
    expect(JSON.stringify(views)).not.toContain(full.start.seed);
  });

  it('states the limits the code enforces', () => {
    const count = (value: number) => value.toLocaleString('en');
    expect(section).toContain(`at most ${count(MAX_REPLAY_PAGE)} steps\n(\`MAX_REPLAY_PAGE\``);
    expect(MAX_REPLAY_PAGE_BYTES).toBe(1024 * 1024);
    expect(section).toContain('past 1 MB of JSON\n(`MAX_REPLAY_PAGE_BYTES`');
    expect(section).toContain(`up to ${count(MAX_LOG_READ)} log entries at once (\`MAX_LOG_READ\``);
    expect(section).toContain(`first\n${count(MAX_REPLAY_VIEW_STEPS)} steps (\`MAX_REPLAY_VIEW_STEPS\``);
  });
});
