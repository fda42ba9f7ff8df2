// Drives @backloghq/opslog 0.8.1 for Linebase's interoperability tests.
// Usage: node opslog-driver.mjs COMMAND DIR [ARG]
// The module is imported from $OPSLOG_MODULE (path to .../@backloghq/opslog/dist/index.js).
// Every command prints one JSON object on stdout: {"records": {id: data, ...}, ...}.
const { Store } = await import(process.env.OPSLOG_MODULE);
const [command, dir, arg] = process.argv.slice(2);

function sorted(store) {
  const out = {};
  for (const [id, v] of store.entries().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    out[id] = v;
  }
  return out;
}

function doc(i, n) {
  return { name: `task-${i}`, n, done: n % 2 === 0, tags: ["t" + (i % 3)] };
}

async function writeWorkload(s) {
  // sets (creates), delta updates, full replacements, deletes, a batch, an archive.
  for (let i = 0; i < 20; i++) await s.set(`k${String(i).padStart(2, "0")}`, doc(i, 0));
  for (let i = 0; i < 20; i += 2) await s.set(`k${String(i).padStart(2, "0")}`, doc(i, 1)); // delta
  await s.set("k03", { replaced: true }); // full prev (delta not smaller)
  await s.set("s1", "plain string"); // non-object document (opslog cannot replace an object by one)
  await s.delete("k07");
  await s.batch(() => {
    s.set("b1", { batch: 1 });
    s.set("b2", { batch: 2, nested: { deep: [1, 2, { x: "é\n\u0001" }] } });
    s.delete("k09");
  });
  await s.archive((v, id) => id === "k01" || id === "k11", "2024-Q1");
  for (let i = 20; i < 30; i++) await s.set(`k${i}`, doc(i, 2));
  await s.set("k12", { ...doc(12, 3), extra: "added" }); // delta with $unset
}

if (command === "write") {
  // arg: immediate | group | async | crash (immediate, process exits without close)
  const mode = arg === "crash" ? "immediate" : arg;
  const s = new Store();
  await s.open(dir, { writeMode: mode, checkpointThreshold: 7 });
  await writeWorkload(s);
  await s.flush();
  const state = { records: sorted(s), archive: Object.fromEntries(await s.loadArchive("2024-Q1")) };
  if (arg === "crash") {
    // Leave the WAL unmerged and the lock file behind, as a killed process would.
    for (let i = 30; i < 33; i++) await s.set(`k${i}`, doc(i, 4));
    state.records = sorted(s);
    console.log(JSON.stringify(state));
    process.exit(0);
  }
  await s.close();
  console.log(JSON.stringify(state));
} else if (command === "read-append") {
  // Opens a store (as a writer), reports what it read, appends, reports the result.
  const s = new Store();
  await s.open(dir, { checkpointThreshold: 1000, checkpointOnClose: arg !== "no-checkpoint" });
  const before = sorted(s);
  const archives = {};
  for (const seg of s.listArchiveSegments()) {
    const period = seg.replace(/^archive\/archive-/, "").replace(/\.json$/, "");
    archives[period] = Object.fromEntries(await s.loadArchive(period));
  }
  const first = Object.keys(before)[0];
  await s.set("node-new", { from: "node", n: 1 });
  if (first) {
    await s.set(first, { ...(typeof before[first] === "object" ? before[first] : {}), touchedBy: "node" });
  }
  const second = Object.keys(before)[1];
  if (second) await s.delete(second);
  const after = sorted(s);
  await s.close();
  console.log(JSON.stringify({ records: before, archives, after }));
} else if (command === "read-only") {
  const s = new Store();
  await s.open(dir, { readOnly: true });
  console.log(JSON.stringify({ records: sorted(s), ops: s.getOps().length }));
  await s.close();
} else if (command === "agents-write") {
  // Two agents in one process, interleaved, with a same-clock conflict on "shared".
  const a = new Store();
  const b = new Store();
  await a.open(dir, { agentId: "alice", checkpointOnClose: false, checkpointThreshold: 1000 });
  await b.open(dir, { agentId: "bob", checkpointOnClose: false, checkpointThreshold: 1000 });
  for (let i = 0; i < 5; i++) {
    await a.set(`a${i}`, { by: "alice", i });
    await b.set(`b${i}`, { by: "bob", i });
  }
  await a.set("shared", { by: "alice" }); // clock 6 for alice
  await b.set("shared", { by: "bob" }); // clock 6 for bob: bob > alice wins
  await a.delete("a0");
  await a.close();
  await b.close();
  const r = new Store();
  await r.open(dir, { agentId: "reader", checkpointOnClose: false });
  console.log(JSON.stringify({ records: sorted(r) }));
  await r.close();
} else if (command === "agents-read-append") {
  const s = new Store();
  await s.open(dir, { agentId: arg, checkpointOnClose: false, checkpointThreshold: 1000 });
  const before = sorted(s);
  await s.set(`${arg}-new`, { by: arg });
  await s.set("shared", { by: arg });
  const after = sorted(s);
  await s.close();
  console.log(JSON.stringify({ records: before, after }));
} else if (command === "hold-lock") {
  // Opens the store and keeps it open until stdin closes.
  const s = new Store();
  await s.open(dir);
  console.log(JSON.stringify({ pid: process.pid }));
  process.stdin.resume();
  process.stdin.on("end", async () => { await s.close(); process.exit(0); });
} else if (command === "try-open") {
  const s = new Store();
  try {
    await s.open(dir);
    await s.close();
    console.log(JSON.stringify({ opened: true }));
  } catch (e) {
    console.log(JSON.stringify({ opened: false, error: String(e.message) }));
  }
} else if (command === "bench") {
  // arg: mode,threshold,count
  const [mode, threshold, count] = arg.split(",");
  const s = new Store();
  await s.open(dir, { writeMode: mode, checkpointThreshold: Number(threshold) || 1e12, checkpointOnClose: false });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < Number(count); i++) {
    await s.set(`id-${i}`, { name: `task ${i}`, status: "open", priority: i % 5, tags: ["a", "b"] });
  }
  await s.flush();
  const t1 = process.hrtime.bigint();
  await s.close();
  console.log(JSON.stringify({ mode, threshold: Number(threshold), count: Number(count), ms: Number(t1 - t0) / 1e6 }));
} else if (command === "bench-reopen") {
  const t0 = process.hrtime.bigint();
  const s = new Store();
  await s.open(dir, { readOnly: true });
  const n = s.count();
  const t1 = process.hrtime.bigint();
  await s.close();
  console.log(JSON.stringify({ records: n, ms: Number(t1 - t0) / 1e6 }));
} else {
  console.error(`unknown command ${command}`);
  process.exit(2);
}
