import { afterAll } from 'vitest';
import { sqliteConnectionStore } from '../../src/local/sqlite/connection-store.js';
import { IN_MEMORY, openDatabase } from '../../src/local/sqlite/database.js';
import { sqliteGameStore } from '../../src/local/sqlite/game-store.js';
import { describeConnectionStoreContract } from '../contracts/connection-store.contract.js';
import { describeGameStoreContract } from '../contracts/game-store.contract.js';

// One database shared by both suites, as the embedded wiring shares one: the suites use fresh ids.
const db = openDatabase(IN_MEMORY);
afterAll(() => db.close());

describeGameStoreContract('SQLite', () => sqliteGameStore(db));
describeConnectionStoreContract('SQLite', () => sqliteConnectionStore(db));
