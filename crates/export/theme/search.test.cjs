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

// Load as a browser would, minus the DOM: a global QuireSearch, fed by meta.js, bB-posts.js, bB-shard-N.js.
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
  for (const name of ["tokenize", "shardOf", "rank", "receiveMeta", "receivePosts", "receiveShard"]) {
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

// A small hand-made index of two blocks, built the way the exporter would shard it.
const SHARDS = 8;
const meta = { shards: SHARDS, blocks: 2 };

// Builds {posts, shards} for one block from token -> [[localPostIndex, score], ...].
function makeBlock(posts, postings) {
  const shards = {};
  for (const [token, list] of Object.entries(postings)) {
    const n = S.shardOf(token, SHARDS);
    (shards[n] = shards[n] || {})[token] = list;
  }
  return { posts, shards };
}

const blocks = {
  0: makeBlock(
    [
      ["rust-intro/index.html", "Intro to Rust", "2024-01-02", "Getting started."],
      ["programming-notes/index.html", "Programming notes", null, null],
      ["japanese/index.html", "日本語の練習", "2024-03-04", "静かな朝"],
      ["progress/index.html", "Progress report", "2024-05-06", "How it went."],
    ],
    {
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
    }
  ),
  1: makeBlock(
    [
      ["rust-async/index.html", "Async Rust", "2024-07-08", "Futures."],
      ["tokyo/index.html", "東京の朝", null, "Morning."],
    ],
    {
      rust: [[0, 3]],
      async: [[0, 4]],
      programs: [[0, 1]],
      東京: [[1, 3]],
      朝: [[1, 2]],
    }
  ),
};

const urls = (results) => plain(results.map((r) => r.url));
const scores = (results) => plain(results.map((r) => r.score));

test("rank: result shape", () => {
  const r = plain(S.rank("intro", meta, blocks));
  assert.deepStrictEqual(r, [
    { url: "rust-intro/index.html", title: "Intro to Rust", date: "2024-01-02", summary: "Getting started.", score: 2 },
  ]);
  const n = plain(S.rank("notes", meta, blocks));
  assert.deepStrictEqual(n, [{ url: "programming-notes/index.html", title: "Programming notes", date: null, summary: null, score: 2 }]);
  const t = plain(S.rank("東京", meta, blocks));
  assert.deepStrictEqual(t, [{ url: "tokyo/index.html", title: "東京の朝", date: null, summary: "Morning.", score: 3 }]);
});

test("rank: prefix match, best posting per query token", () => {
  // "prog" matches programming, program, progress (block 0) and programs (block 1);
  // for block 0's post 0 the best is max(2, 3) = 3.
  const r = S.rank("prog", meta, blocks);
  assert.deepStrictEqual(urls(r), [
    "progress/index.html",
    "programming-notes/index.html",
    "rust-intro/index.html",
    "rust-async/index.html",
  ]);
  assert.deepStrictEqual(scores(r), [6, 4, 3, 1]);
  assert.deepStrictEqual(urls(S.rank("programming", meta, blocks)), ["programming-notes/index.html", "rust-intro/index.html"]);
});

test("rank: results merge across blocks, ordered by score", () => {
  const r = S.rank("rust", meta, blocks);
  // block 0 post 0: 5, block 1 post 0: 3, block 0 post 1: 1.
  assert.deepStrictEqual(urls(r), ["rust-intro/index.html", "rust-async/index.html", "programming-notes/index.html"]);
  assert.deepStrictEqual(scores(r), [5, 3, 1]);
  // The single CJK character: block 1's post scores higher than block 0's.
  assert.deepStrictEqual(urls(S.rank("朝", meta, blocks)), ["tokyo/index.html", "japanese/index.html"]);
  assert.deepStrictEqual(scores(S.rank("朝", meta, blocks)), [2, 1]);
});

test("rank: AND semantics and score sum ordering", () => {
  const r = S.rank("Rust prog", meta, blocks);
  // b0 post 0: 5 + 3 = 8; b0 post 1: 1 + 4 = 5; b1 post 0: 3 + 1 = 4; b0 post 3 lacks "rust".
  assert.deepStrictEqual(urls(r), ["rust-intro/index.html", "programming-notes/index.html", "rust-async/index.html"]);
  assert.deepStrictEqual(scores(r), [8, 5, 4]);
  assert.deepStrictEqual(urls(S.rank("rust progress", meta, blocks)), []);
  assert.deepStrictEqual(urls(S.rank("rust nothinghere", meta, blocks)), []);
});

test("rank: AND is within a block (local indices of different blocks are different posts)", () => {
  // Block 0's post 0 has "rust" but not "async"; block 1's post 0 has both.
  const r = S.rank("rust async", meta, blocks);
  assert.deepStrictEqual(urls(r), ["rust-async/index.html"]);
  assert.deepStrictEqual(scores(r), [7]);
  // "intro" is only in block 0, "async" only in block 1, both at local index 0.
  assert.deepStrictEqual(urls(S.rank("intro async", meta, blocks)), []);
});

test("rank: duplicate query tokens count once", () => {
  assert.deepStrictEqual(scores(S.rank("rust Rust RUST", meta, blocks)), [5, 3, 1]);
});

test("rank: ties by block number, then by post order within the block", () => {
  const tie = {
    0: makeBlock(blocks[0].posts, { same: [[3, 2], [1, 2], [0, 2], [2, 5]] }),
    1: makeBlock(blocks[1].posts, { same: [[1, 2], [0, 2]] }),
  };
  assert.deepStrictEqual(urls(S.rank("same", meta, tie)), [
    "japanese/index.html",
    "rust-intro/index.html",
    "programming-notes/index.html",
    "progress/index.html",
    "rust-async/index.html",
    "tokyo/index.html",
  ]);
});

test("rank: CJK tokens match exactly, not by prefix", () => {
  assert.deepStrictEqual(urls(S.rank("日本語", meta, blocks)), ["japanese/index.html"]);
  assert.deepStrictEqual(S.rank("日本語", meta, blocks)[0].score, 6);
  // "日" and "東" alone are one-char tokens; the index only has bigrams for them, so no prefix match.
  assert.deepStrictEqual(urls(S.rank("日", meta, blocks)), []);
  assert.deepStrictEqual(urls(S.rank("東", meta, blocks)), []);
  // Mixed query: the CJK part and the word part must both match.
  assert.deepStrictEqual(urls(S.rank("rust 日本", meta, blocks)), []);
});

test("rank: empty, punctuation-only, prototype names", () => {
  assert.deepStrictEqual(plain(S.rank("", meta, blocks)), []);
  assert.deepStrictEqual(plain(S.rank("?!", meta, blocks)), []);
  assert.deepStrictEqual(urls(S.rank("toString", meta, blocks)), []);
  assert.deepStrictEqual(urls(S.rank("constructor", meta, blocks)), ["progress/index.html"]);
  assert.deepStrictEqual(urls(S.rank("hasOwnProperty", meta, blocks)), []);
});

test("rank: missing blocks and shards contribute nothing", () => {
  assert.deepStrictEqual(plain(S.rank("rust", meta, {})), []);
  assert.deepStrictEqual(plain(S.rank("rust", meta, undefined)), []);
  // Block 1 missing: block 0 alone.
  assert.deepStrictEqual(urls(S.rank("rust", meta, { 0: blocks[0] })), ["rust-intro/index.html", "programming-notes/index.html"]);
  // Block 0 missing: block 1 alone.
  assert.deepStrictEqual(urls(S.rank("rust", meta, { 1: blocks[1] })), ["rust-async/index.html"]);
  // Block 1 with only the "r" shard: "rust" matches there, "rust async" does not ("a" is another shard).
  assert.notStrictEqual(S.shardOf("rust", SHARDS), S.shardOf("async", SHARDS));
  const rOnly = { posts: blocks[1].posts, shards: { [S.shardOf("rust", SHARDS)]: blocks[1].shards[S.shardOf("rust", SHARDS)] } };
  const partial = { 0: blocks[0], 1: rOnly };
  assert.deepStrictEqual(urls(S.rank("rust", meta, partial)), ["rust-intro/index.html", "rust-async/index.html", "programming-notes/index.html"]);
  assert.deepStrictEqual(urls(S.rank("rust async", meta, partial)), []);
  // A block with shards but no posts list, and postings past the end of the list: skipped.
  const noPosts = { 0: blocks[0], 1: { shards: blocks[1].shards } };
  assert.deepStrictEqual(urls(S.rank("async", meta, noPosts)), []);
  const pastEnd = { 1: makeBlock(blocks[1].posts, { async: [[5, 9], [0, 1]] }) };
  assert.deepStrictEqual(urls(S.rank("async", meta, pastEnd)), ["rust-async/index.html"]);
  // Blocks beyond meta.blocks are not part of the index.
  assert.deepStrictEqual(urls(S.rank("rust", { shards: SHARDS, blocks: 1 }, blocks)), ["rust-intro/index.html", "programming-notes/index.html"]);
});

test("rank: at most 50 results, merged over blocks", () => {
  const many = { shards: 4, blocks: 2 };
  const big = {};
  for (let b = 0; b < 2; b++) {
    const posts = [];
    const list = [];
    for (let i = 0; i < 60; i++) {
      posts.push(["b" + b + "p" + i + "/index.html", "Post " + i, null, null]);
      list.push([i, (i + b) % 7]);
    }
    big[b] = { posts, shards: { [S.shardOf("word", 4)]: { word: list } } };
  }
  const r = S.rank("word", many, big);
  assert.strictEqual(r.length, 50);
  for (let i = 1; i < r.length; i++) assert.ok(r[i - 1].score >= r[i].score);
  // Score 6 ties: block 0's posts 6, 13, ... come before block 1's posts 5, 12, ...
  assert.deepStrictEqual(urls(r.slice(0, 3)), ["b0p6/index.html", "b0p13/index.html", "b0p20/index.html"]);
  assert.ok(r.some((x) => x.url.startsWith("b1")));
});

test("browser global: receiveMeta/receivePosts/receiveShard callbacks as written in the index files", () => {
  const ctx = loadGlobal();
  assert.strictEqual(typeof ctx.QuireSearch, "object");
  for (const name of ["receiveMeta", "receivePosts", "receiveShard", "rank"]) {
    assert.strictEqual(typeof ctx.QuireSearch[name], "function", name);
  }
  vm.runInContext('QuireSearch.receiveMeta({"shards": 8, "blocks": 2});', ctx);
  vm.runInContext('QuireSearch.receivePosts(1, [["a/index.html", "A", null, null]]);', ctx);
  // "h" is U+0068 = 104, and 104 % 8 = 0.
  vm.runInContext('QuireSearch.receiveShard(1, 0, {"hello": [[0, 1.5]]});', ctx);
  const r = plain(
    ctx.QuireSearch.rank("hel", { shards: 8, blocks: 2 }, { 1: { posts: [["a/index.html", "A", null, null]], shards: { 0: { hello: [[0, 1.5]] } } } })
  );
  assert.deepStrictEqual(r, [{ url: "a/index.html", title: "A", date: null, summary: null, score: 1.5 }]);
  assert.strictEqual(ctx.QuireSearch.shardOf("hello", 8), 104 % 8);
});

// ---- Browser boot, with a minimal fake DOM ----

// Script elements appended to <head> run the named file from `files` (relative to
// search/), then fire "load"; a file not in `files` fires "error".
function fakePage(files, search) {
  const requested = [];
  const replaced = [];
  let context;
  function element(tag) {
    const el = {
      tagName: tag,
      children: [],
      listeners: {},
      textContent: "",
      addEventListener(type, fn) {
        (el.listeners[type] = el.listeners[type] || []).push(fn);
      },
      fire(type) {
        (el.listeners[type] || []).forEach((fn) => fn({ type, preventDefault() {} }));
      },
      appendChild(child) {
        el.children.push(child);
        return child;
      },
      removeChild(child) {
        el.children.splice(el.children.indexOf(child), 1);
        return child;
      },
      get firstChild() {
        return el.children[0] || null;
      },
    };
    return el;
  }
  const head = element("head");
  head.appendChild = (script) => {
    const name = script.src.replace("file:///site/search/", "");
    requested.push(name);
    setTimeout(() => {
      if (!Object.prototype.hasOwnProperty.call(files, name)) return script.fire("error");
      vm.runInContext(files[name], context, { filename: name });
      script.fire("load");
    }, 1);
    return script;
  };
  const input = element("input");
  input.value = "";
  input.form = null;
  const byId = { "search-input": input, "search-status": element("p"), "search-results": element("ol") };
  const document = {
    readyState: "complete",
    currentScript: { src: "file:///site/search/search.js" },
    baseURI: "file:///site/search/index.html",
    head,
    createElement: element,
    createTextNode: (text) => ({ textContent: text }),
    getElementById: (id) => byId[id] || null,
    addEventListener() {},
  };
  context = vm.createContext({
    document,
    location: { href: "file:///site/search/index.html" + search, search },
    history: { replaceState: (s, t, url) => replaced.push(url) },
    URL,
    URLSearchParams,
    setTimeout,
    clearTimeout,
  });
  vm.runInContext(source, context, { filename: "search.js" });
  return { context, requested, replaced, input, status: byId["search-status"], list: byId["search-results"] };
}

// The index files for `blocks` above, as the exporter writes them.
function indexFiles() {
  const files = { "meta.js": `QuireSearch.receiveMeta(${JSON.stringify(meta)});` };
  for (const [b, block] of Object.entries(blocks)) {
    files[`b${b}-posts.js`] = `QuireSearch.receivePosts(${b}, ${JSON.stringify(block.posts)});`;
    for (let n = 0; n < SHARDS; n++) {
      files[`b${b}-shard-${n}.js`] = `QuireSearch.receiveShard(${b}, ${n}, ${JSON.stringify(block.shards[n] || {})});`;
    }
  }
  return files;
}

async function settled(page) {
  for (let i = 0; i < 200 && /^Searching/.test(page.status.textContent); i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function typeQuery(page, q) {
  page.input.value = q;
  page.input.fire("input");
  await new Promise((r) => setTimeout(r, 200)); // past the debounce
  await settled(page);
}

const asyncTests = [];
function testAsync(name, fn) {
  asyncTests.push([name, fn]);
}

testAsync("browser boot: loads meta, every block's posts and the needed shards, once each", async () => {
  const page = fakePage(indexFiles(), "?q=rust");
  await settled(page);
  assert.strictEqual(page.status.textContent, "3 results for \u201crust\u201d");
  const r = S.shardOf("rust", SHARDS);
  assert.deepStrictEqual(page.requested.slice().sort(), ["b0-posts.js", `b0-shard-${r}.js`, "b1-posts.js", `b1-shard-${r}.js`, "meta.js"].sort());
  assert.deepStrictEqual(
    page.list.children.map((li) => li.children[0].href),
    ["../rust-intro/index.html", "../rust-async/index.html", "../programming-notes/index.html"]
  );
  assert.strictEqual(page.list.children[0].children[0].textContent, "Intro to Rust");

  const before = page.requested.length;
  await typeQuery(page, "rust async");
  assert.strictEqual(page.status.textContent, "1 result for \u201crust async\u201d");
  const a = S.shardOf("async", SHARDS);
  assert.deepStrictEqual(page.requested.slice(before).sort(), [`b0-shard-${a}.js`, `b1-shard-${a}.js`]);
  assert.strictEqual(page.list.children[0].children[0].href, "../rust-async/index.html");
  assert.ok(page.replaced[page.replaced.length - 1].endsWith("?q=rust+async"));

  await typeQuery(page, "nothinghere");
  assert.strictEqual(page.status.textContent, "No results for \u201cnothinghere\u201d");
  assert.strictEqual(page.list.children.length, 0);
  await typeQuery(page, "");
  assert.strictEqual(page.status.textContent, "Type to search");
});

testAsync("browser boot: a block file that never calls back is an error", async () => {
  const files = indexFiles();
  files[`b1-shard-${S.shardOf("rust", SHARDS)}.js`] = "/* stale file, no callback */";
  const page = fakePage(files, "?q=rust");
  await settled(page);
  assert.strictEqual(page.status.textContent, "The search index could not be loaded.");
  assert.strictEqual(page.list.children.length, 0);
});

(async () => {
  for (const [name, fn] of asyncTests) {
    try {
      await fn();
      passed++;
      console.log("ok - " + name);
    } catch (err) {
      failed++;
      console.log("not ok - " + name);
      console.log(String(err && err.stack ? err.stack : err).replace(/^/gm, "    "));
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
})();
