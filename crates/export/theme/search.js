/* Quire client-side search: a static, sharded index, no server.
 *
 * Index files (written by the exporter next to this file), in blocks of posts so an
 * export rewrites only the block of a changed post:
 *   meta.js          QuireSearch.receiveMeta({"shards": N, "blocks": B});
 *   bB-posts.js      QuireSearch.receivePosts(B, [[url, title, date, summary], ...]);
 *   bB-shard-K.js    QuireSearch.receiveShard(B, K, {"token": [[localPostIndex, score], ...], ...});
 * where localPostIndex indexes that block's posts list.
 *
 * The tokenizer must stay identical to the one in the Rust exporter.
 */
(function (global) {
  "use strict";

  var MAX_RESULTS = 50;
  var WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;
  var hasOwn = Object.prototype.hasOwnProperty;

  function isCJK(cp) {
    return (
      (cp >= 0x3040 && cp <= 0x30ff) || // Hiragana, Katakana
      (cp >= 0x3400 && cp <= 0x4dbf) || // CJK Extension A
      (cp >= 0x4e00 && cp <= 0x9fff) || // CJK Unified Ideographs
      (cp >= 0xf900 && cp <= 0xfaff) || // CJK Compatibility Ideographs
      (cp >= 0x20000 && cp <= 0x2fa1f) || // CJK Extensions B.., Compatibility Supplement
      (cp >= 0xac00 && cp <= 0xd7af) || // Hangul Syllables
      (cp >= 0x1100 && cp <= 0x11ff) || // Hangul Jamo
      (cp >= 0x3130 && cp <= 0x318f) || // Hangul Compatibility Jamo
      (cp >= 0x31f0 && cp <= 0x31ff) || // Katakana Phonetic Extensions
      (cp >= 0xff66 && cp <= 0xff9f) // Halfwidth Katakana
    );
  }

  /* Lowercase, then split into word runs and CJK runs (by code point).
   * Word runs are tokens; CJK runs give overlapping bigrams, or the
   * single character when the run is one character long. */
  function tokenize(text) {
    var out = [];
    var word = "";
    var cjk = [];

    function flushWord() {
      if (word !== "") {
        out.push(word);
        word = "";
      }
    }
    function flushCjk() {
      if (cjk.length === 1) {
        out.push(cjk[0]);
      } else {
        for (var i = 0; i + 1 < cjk.length; i++) out.push(cjk[i] + cjk[i + 1]);
      }
      cjk = [];
    }

    var lower = String(text == null ? "" : text).toLowerCase();
    for (var ch of lower) {
      var cp = ch.codePointAt(0);
      if (isCJK(cp)) {
        flushWord();
        cjk.push(ch);
      } else if (WORD_CHAR.test(ch)) {
        flushCjk();
        word += ch;
      } else {
        flushWord();
        flushCjk();
      }
    }
    flushWord();
    flushCjk();
    return out;
  }

  function shardOf(token, shards) {
    return token.codePointAt(0) % shards;
  }

  function isCjkToken(token) {
    return isCJK(token.codePointAt(0));
  }

  /* Sorted key lists per shard object, for prefix lookups by binary search. */
  var sortedKeysCache = typeof WeakMap === "function" ? new WeakMap() : null;

  function sortedKeys(shard) {
    var keys = sortedKeysCache && sortedKeysCache.get(shard);
    if (!keys) {
      keys = Object.keys(shard).sort();
      if (sortedKeysCache) sortedKeysCache.set(shard, keys);
    }
    return keys;
  }

  function addPostings(best, postings) {
    if (!Array.isArray(postings)) return;
    for (var i = 0; i < postings.length; i++) {
      var p = postings[i];
      if (!p) continue;
      var post = p[0];
      var score = Number(p[1]) || 0;
      var prev = best.get(post);
      if (prev === undefined || score > prev) best.set(post, score);
    }
  }

  /* For one query token: postIndex -> best posting score among matching index tokens. */
  function matchToken(token, shard) {
    var best = new Map();
    if (!shard) return best;
    if (isCjkToken(token)) {
      if (hasOwn.call(shard, token)) addPostings(best, shard[token]);
      return best;
    }
    var keys = sortedKeys(shard);
    var lo = 0;
    var hi = keys.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (keys[mid] < token) lo = mid + 1;
      else hi = mid;
    }
    for (var k = lo; k < keys.length && keys[k].startsWith(token); k++) {
      addPostings(best, shard[keys[k]]);
    }
    return best;
  }

  function uniqueTokens(query) {
    var seen = new Set();
    var out = [];
    tokenize(query).forEach(function (t) {
      if (!seen.has(t)) {
        seen.add(t);
        out.push(t);
      }
    });
    return out;
  }

  function blockCount(meta) {
    var n = meta && meta.blocks;
    return Number.isInteger(n) && n > 0 ? n : 0;
  }

  /* One block's matches as [{block, post, score}], unsorted. AND over the tokens. */
  function matchBlock(tokens, count, b, block) {
    if (!block || typeof block !== "object") return [];
    var posts = Array.isArray(block.posts) ? block.posts : [];
    var shards = block.shards || {};
    var acc = null;
    for (var i = 0; i < tokens.length; i++) {
      var best = matchToken(tokens[i], shards[shardOf(tokens[i], count)]);
      if (acc === null) {
        acc = best;
      } else {
        var next = new Map();
        acc.forEach(function (score, post) {
          if (best.has(post)) next.set(post, score + best.get(post));
        });
        acc = next;
      }
      if (acc.size === 0) return [];
    }
    var hits = [];
    acc.forEach(function (score, post) {
      if (Number.isInteger(post) && post >= 0 && post < posts.length && Array.isArray(posts[post])) {
        hits.push({ block: b, post: post, score: score, entry: posts[post] });
      }
    });
    return hits;
  }

  /* All matching posts of all blocks, best first (not truncated).
   * blocks maps block number -> {posts: [...], shards: {shard number: shard object}}. */
  function rankAll(query, meta, blocks) {
    var tokens = uniqueTokens(query);
    var count = (meta && meta.shards) || 0;
    var nBlocks = blockCount(meta);
    if (tokens.length === 0 || count <= 0 || nBlocks === 0 || !blocks) return [];

    var hits = [];
    for (var b = 0; b < nBlocks; b++) {
      var block = hasOwn.call(blocks, b) ? blocks[b] : null;
      hits = hits.concat(matchBlock(tokens, count, b, block));
    }
    hits.sort(function (x, y) {
      return y.score - x.score || x.block - y.block || x.post - y.post;
    });
    return hits.map(function (h) {
      var p = h.entry;
      return {
        url: p[0],
        title: p[1],
        date: p[2] == null ? null : p[2],
        summary: p[3] == null ? null : p[3],
        score: h.score,
      };
    });
  }

  /* Pure ranking: meta is the receiveMeta object, blocks maps block number ->
   * {posts: the receivePosts list, shards: {shard number: receiveShard object}}. */
  function rank(query, meta, blocks) {
    return rankAll(query, meta, blocks).slice(0, MAX_RESULTS);
  }

  /* ---- Index loading (script elements, so file:// works) ---- */

  var state = {
    meta: null,
    metaWaiters: [],
    blocks: {}, // block number -> {posts: list or null until loaded, shards: {n: shard}}
    waiters: {}, // file key ("p3", "s3:17") -> resolve
  };

  function blockState(b) {
    if (!hasOwn.call(state.blocks, b)) state.blocks[b] = { posts: null, shards: {} };
    return state.blocks[b];
  }

  function settle(key, value) {
    var resolve = state.waiters[key];
    if (resolve) {
      delete state.waiters[key];
      resolve(value);
    }
  }

  function receiveMeta(meta) {
    state.meta = meta;
    var waiters = state.metaWaiters;
    state.metaWaiters = [];
    waiters.forEach(function (w) {
      w.resolve(meta);
    });
  }

  function receivePosts(b, posts) {
    var block = blockState(b);
    block.posts = Array.isArray(posts) ? posts : [];
    settle("p" + b, block.posts);
  }

  function receiveShard(b, n, shard) {
    var block = blockState(b);
    block.shards[n] = shard || {};
    settle("s" + b + ":" + n, block.shards[n]);
  }

  var api = {
    tokenize: tokenize,
    shardOf: shardOf,
    rank: rank,
    receiveMeta: receiveMeta,
    receivePosts: receivePosts,
    receiveShard: receiveShard,
  };

  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
    return;
  }
  global.QuireSearch = api;
  if (typeof document === "undefined") return;

  /* ---- Browser boot ---- */

  var current = document.currentScript;
  var baseUrl = current && current.src ? current.src : document.baseURI;
  var metaPromise = null;
  var filePromises = {}; // file key -> promise, while loading or once loaded

  function indexUrl(file) {
    try {
      return new URL(file, baseUrl).href;
    } catch (e) {
      return file;
    }
  }

  /* onFail runs if the file fails to load, or loads without calling back (isDone false). */
  function addScript(file, isDone, onFail) {
    var s = document.createElement("script");
    s.src = indexUrl(file);
    s.async = true;
    s.addEventListener("error", onFail);
    s.addEventListener("load", function () {
      if (!isDone()) onFail();
    });
    document.head.appendChild(s);
  }

  function loadMeta() {
    if (!metaPromise) {
      metaPromise = new Promise(function (resolve, reject) {
        if (state.meta) return resolve(state.meta);
        state.metaWaiters.push({ resolve: resolve });
        addScript(
          "meta.js",
          function () {
            return state.meta !== null;
          },
          function () {
            reject(new Error("meta.js failed to load"));
          }
        );
      });
      metaPromise.catch(function () {
        metaPromise = null; // allow a retry on the next query
      });
    }
    return metaPromise;
  }

  function postsLoaded(b) {
    return hasOwn.call(state.blocks, b) && state.blocks[b].posts !== null;
  }

  function shardLoaded(b, n) {
    return hasOwn.call(state.blocks, b) && hasOwn.call(state.blocks[b].shards, n);
  }

  /* Loads one block file once; its callback (receivePosts/receiveShard) settles `key`. */
  function loadFile(key, file, isDone) {
    if (isDone()) return Promise.resolve();
    if (!filePromises[key]) {
      filePromises[key] = new Promise(function (resolve, reject) {
        state.waiters[key] = resolve;
        addScript(file, isDone, function () {
          delete state.waiters[key];
          delete filePromises[key]; // allow a retry on the next query
          reject(new Error(file + " failed to load"));
        });
      });
    }
    return filePromises[key];
  }

  function loadPosts(b) {
    return loadFile("p" + b, "b" + b + "-posts.js", function () {
      return postsLoaded(b);
    });
  }

  function loadShard(b, n) {
    return loadFile("s" + b + ":" + n, "b" + b + "-shard-" + n + ".js", function () {
      return shardLoaded(b, n);
    });
  }

  /* Every block's posts, and in every block the shards the query's tokens fall in. */
  function loadFilesFor(query, meta) {
    var needed = new Set();
    uniqueTokens(query).forEach(function (t) {
      needed.add(shardOf(t, meta.shards));
    });
    var loads = [];
    for (var b = 0; b < blockCount(meta); b++) {
      loads.push(loadPosts(b));
      needed.forEach(function (n) {
        loads.push(loadShard(b, n));
      });
    }
    return Promise.all(loads);
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  function quoted(q) {
    return "\u201c" + q + "\u201d";
  }

  function renderResults(list, results) {
    clear(list);
    results.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "../" + r.url;
      a.textContent = r.title;
      li.appendChild(a);
      if (r.date) {
        li.appendChild(document.createTextNode(" "));
        var time = document.createElement("time");
        time.dateTime = r.date;
        time.textContent = r.date;
        li.appendChild(time);
      }
      if (r.summary) {
        var p = document.createElement("p");
        p.textContent = r.summary;
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }

  function updateUrl(q) {
    if (!global.history || typeof global.history.replaceState !== "function") return;
    try {
      var url = new URL(global.location.href);
      if (q) url.searchParams.set("q", q);
      else url.searchParams.delete("q");
      global.history.replaceState(null, "", url.href);
    } catch (e) {
      /* some browsers refuse replaceState on file:// pages; searching still works */
    }
  }

  function boot() {
    var input = document.getElementById("search-input");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    if (!input || !status || !list) return;

    var seq = 0;
    var timer = null;

    function run(raw) {
      var q = raw.trim();
      var mine = ++seq;
      updateUrl(q);
      if (q === "") {
        clear(list);
        status.textContent = "Type to search";
        return;
      }
      if (tokenize(q).length === 0) {
        clear(list);
        status.textContent = "No results for " + quoted(q);
        return;
      }
      status.textContent = "Searching\u2026";
      loadMeta()
        .then(function (meta) {
          return loadFilesFor(q, meta).then(function () {
            return meta;
          });
        })
        .then(function (meta) {
          if (mine !== seq) return;
          var all = rankAll(q, meta, state.blocks);
          renderResults(list, all.slice(0, MAX_RESULTS));
          if (all.length === 0) status.textContent = "No results for " + quoted(q);
          else if (all.length === 1) status.textContent = "1 result for " + quoted(q);
          else if (all.length > MAX_RESULTS)
            status.textContent = all.length + " results for " + quoted(q) + " (showing the first " + MAX_RESULTS + ")";
          else status.textContent = all.length + " results for " + quoted(q);
        })
        .catch(function () {
          if (mine !== seq) return;
          clear(list);
          status.textContent = "The search index could not be loaded.";
        });
    }

    input.addEventListener("input", function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(function () {
        timer = null;
        run(input.value);
      }, 150);
    });

    var form = input.form;
    if (form) {
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        if (timer) {
          clearTimeout(timer);
          timer = null;
        }
        run(input.value);
      });
    }

    var initial = "";
    try {
      initial = new URLSearchParams(global.location.search).get("q") || "";
    } catch (e) {
      initial = "";
    }
    input.value = initial;
    if (initial.trim() === "") status.textContent = "Type to search";
    else run(initial);
    loadMeta().catch(function () {}); // warm the index while the user types
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})(this);
