// Tests for search.js. Run with: node search.test.cjs
"use strict";

const assert = require("assert");
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const source = fs.readFileSync(path.join(__dirname, "search.js"), "utf8");

// Load as a CommonJS module (the Node branch).
function loadModule() {
  const module = { exports: {} };
  vm.runInNewContext(source, { module: module, exports: module.exports }, { filename: "search.js" });
  return module.exports;
}

// Load as a browser would, minus the DOM: a global QuireSearch, fed by meta.js/shard-N.js.
function loadGlobal() {
  const context = vm.createContext({});
  vm.runInContext(source, context, { filename: "search.js" });
  return context;
}

const S = loadModule();
let passed = 0;
let failed = 0;

function test(name, fn) {
  try {
    fn();
    passed++;
    console.log("ok - " + name);
  } catch (err) {
    failed++;
    console.log("not ok - " + name);
    console.log(String(err && err.stack ? err.stack : err).replace(/^/gm, "    "));
  }
}

// Plain arrays, so results from another vm context compare cleanly.
const plain = (x) => JSON.parse(JSON.stringify(x));

test("API shape", () => {
  for (const name of ["tokenize", "shardOf", "rank", "receiveMeta", "receiveShard"]) {
    assert.strictEqual(typeof S[name], "function", name);
  }
});

test("tokenize: words, apostrophes, digits", () => {
  assert.deepStrictEqual(plain(S.tokenize("Hello, World's 2nd")), ["hello", "world", "s", "2nd"]);
});

test("tokenize: CJK bigrams", () => {
  assert.deepStrictEqual(plain(S.tokenize("静かな朝です")), ["静か", "かな", "な朝", "朝で", "です"]);
});

test("tokenize: single CJK char", () => {
  assert.deepStrictEqual(plain(S.tokenize("朝")), ["朝"]);
});

test("tokenize: mixed scripts", () => {
  assert.deepStrictEqual(plain(S.tokenize("Rust と 日本語")), ["rust", "と", "日本", "本語"]);
});

test("tokenize: CJK adjacent to Latin splits runs", () => {
  assert.deepStrictEqual(plain(S.tokenize("Rustの本")), ["rust", "の本"]);
  assert.deepStrictEqual(plain(S.tokenize("abc日def")), ["abc", "日", "def"]);
});

test("tokenize: Hangul, half-width katakana, astral Han", () => {
  assert.deepStrictEqual(plain(S.tokenize("한국어")), ["한국", "국어"]);
  assert.deepStrictEqual(plain(S.tokenize("ｶﾀ")), ["ｶﾀ"]);
  // U+20BB7 is outside the BMP: iterate by code point, not UTF-16 unit.
  assert.deepStrictEqual(plain(S.tokenize("\u{20BB7}野家")), ["\u{20BB7}野", "野家"]);
  assert.deepStrictEqual(plain(S.tokenize("\u{20BB7}")), ["\u{20BB7}"]);
});

test("tokenize: non-English letters, separators, empty", () => {
  assert.deepStrictEqual(plain(S.tokenize("Ÿes Café—naïve_x ÉTÉ 3.14")), ["ÿes", "café", "naïve", "x", "été", "3", "14"]);
  assert.deepStrictEqual(plain(S.tokenize("Привет, мир!")), ["привет", "мир"]);
  assert.deepStrictEqual(plain(S.tokenize("  ... !!! ")), []);
  assert.deepStrictEqual(plain(S.tokenize("")), []);
});

test("shardOf: first code point modulo shard count", () => {
  assert.strictEqual(S.shardOf("apple", 64), 97 % 64);
  assert.strictEqual(S.shardOf("a", 1), 0);
  assert.strictEqual(S.shardOf("日本", 64), 0x65e5 % 64);
  assert.strictEqual(S.shardOf("\u{20BB7}野", 64), 0x20bb7 % 64); // not the surrogate
  assert.strictEqual(S.shardOf("zeta", 7), 122 % 7);
});

// A small hand-made index, built the way the exporter would shard it.
const SHARDS = 8;
const meta = {
  shards: SHARDS,
  posts: [
    ["rust-intro/index.html", "Intro to Rust", "2024-01-02", "Getting started."],
    ["programming-notes/index.html", "Programming notes", null, null],
    ["japanese/index.html", "日本語の練習", "2024-03-04", "静かな朝"],
    ["progress/index.html", "Progress report", "2024-05-06", "How it went."],
  ],
};
const postings = {
  rust: [[0, 5], [1, 1]],
  programming: [[1, 4], [0, 2]],
  program: [[0, 3]],
  progress: [[3, 6]],
  intro: [[0, 2]],
  notes: [[1, 2]],
  日本: [[2, 3]],
  本語: [[2, 3]],
  静か: [[2, 1]],
  朝: [[2, 1]],
  constructor: [[3, 1]],
};
const shards = {};
for (const [token, list] of Object.entries(postings)) {
  const n = S.shardOf(token, SHARDS);
  (shards[n] = shards[n] || {})[token] = list;
}

const urls = (results) => plain(results.map((r) => r.url));

test("rank: result shape", () => {
  const r = plain(S.rank("intro", meta, shards));
  assert.deepStrictEqual(r, [
    { url: "rust-intro/index.html", title: "Intro to Rust", date: "2024-01-02", summary: "Getting started.", score: 2 },
  ]);
  const n = plain(S.rank("notes", meta, shards));
  assert.deepStrictEqual(n, [{ url: "programming-notes/index.html", title: "Programming notes", date: null, summary: null, score: 2 }]);
});

test("rank: prefix match, best posting per query token", () => {
  // "prog" matches programming, program and progress; for post 0 the best is max(2, 3) = 3.
  const r = S.rank("prog", meta, shards);
  assert.deepStrictEqual(urls(r), ["progress/index.html", "programming-notes/index.html", "rust-intro/index.html"]);
  assert.deepStrictEqual(plain(r.map((x) => x.score)), [6, 4, 3]);
  assert.deepStrictEqual(urls(S.rank("programming", meta, shards)), ["programming-notes/index.html", "rust-intro/index.html"]);
});

test("rank: AND semantics and score sum ordering", () => {
  const r = S.rank("Rust prog", meta, shards);
  // post 0: 5 + 3 = 8; post 1: 1 + 4 = 5; post 3 lacks "rust".
  assert.deepStrictEqual(urls(r), ["rust-intro/index.html", "programming-notes/index.html"]);
  assert.deepStrictEqual(plain(r.map((x) => x.score)), [8, 5]);
  assert.deepStrictEqual(urls(S.rank("rust progress", meta, shards)), []);
  assert.deepStrictEqual(urls(S.rank("rust nothinghere", meta, shards)), []);
});

test("rank: ties keep original post order", () => {
  const tieShards = {};
  const put = (token, list) => {
    const n = S.shardOf(token, SHARDS);
    (tieShards[n] = tieShards[n] || {})[token] = list;
  };
  put("same", [[3, 2], [1, 2], [0, 2], [2, 5]]);
  assert.deepStrictEqual(urls(S.rank("same", meta, tieShards)), [
    "japanese/index.html",
    "rust-intro/index.html",
    "programming-notes/index.html",
    "progress/index.html",
  ]);
});

test("rank: CJK tokens match exactly, not by prefix", () => {
  assert.deepStrictEqual(urls(S.rank("日本語", meta, shards)), ["japanese/index.html"]);
  assert.deepStrictEqual(S.rank("日本語", meta, shards)[0].score, 6);
  assert.deepStrictEqual(urls(S.rank("朝", meta, shards)), ["japanese/index.html"]);
  // "日" alone is a one-char token; the index only has the bigram "日本", so no prefix match.
  assert.deepStrictEqual(urls(S.rank("日", meta, shards)), []);
  // Mixed query: the CJK part and the word part must both match.
  assert.deepStrictEqual(urls(S.rank("rust 日本", meta, shards)), []);
});

test("rank: empty, punctuation-only, missing shards, prototype names", () => {
  assert.deepStrictEqual(plain(S.rank("", meta, shards)), []);
  assert.deepStrictEqual(plain(S.rank("?!", meta, shards)), []);
  assert.deepStrictEqual(plain(S.rank("rust", meta, {})), []);
  assert.deepStrictEqual(urls(S.rank("toString", meta, shards)), []);
  assert.deepStrictEqual(urls(S.rank("constructor", meta, shards)), ["progress/index.html"]);
  assert.deepStrictEqual(urls(S.rank("hasOwnProperty", meta, shards)), []);
});

test("rank: at most 50 results", () => {
  const many = { shards: 4, posts: [] };
  const list = [];
  for (let i = 0; i < 120; i++) {
    many.posts.push(["p" + i + "/index.html", "Post " + i, null, null]);
    list.push([i, i % 7]);
  }
  const bigShards = { [S.shardOf("word", 4)]: { word: list } };
  const r = S.rank("word", many, bigShards);
  assert.strictEqual(r.length, 50);
  for (let i = 1; i < r.length; i++) assert.ok(r[i - 1].score >= r[i].score);
});

test("browser global: receiveMeta/receiveShard callbacks as written in meta.js and shard-N.js", () => {
  const ctx = loadGlobal();
  assert.strictEqual(typeof ctx.QuireSearch, "object");
  vm.runInContext('QuireSearch.receiveMeta({"shards": 8, "posts": [["a/index.html", "A", null, null]]});', ctx);
  // "h" is U+0068 = 104, and 104 % 8 = 0.
  vm.runInContext('QuireSearch.receiveShard(0, {"hello": [[0, 1.5]]});', ctx);
  const r = plain(ctx.QuireSearch.rank("hel", { shards: 8, posts: [["a/index.html", "A", null, null]] }, { 0: { hello: [[0, 1.5]] } }));
  assert.deepStrictEqual(r, [{ url: "a/index.html", title: "A", date: null, summary: null, score: 1.5 }]);
  assert.strictEqual(ctx.QuireSearch.shardOf("hello", 8), 104 % 8);
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
