// The local runtime arrives with its own issue; until then `npm start` says so instead of failing.
console.log('turngate: the local runtime is not built yet. Run `npm test` to exercise the engine.');
