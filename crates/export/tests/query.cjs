// Runs the exported site's own search.js over its own index files, as a browser would,
// and prints the result URLs for a query as JSON: node query.cjs SITE_DIR QUERY
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [site, query] = process.argv.slice(2);
const dir = path.join(site, "search");
const S = require(path.resolve(dir, "search.js"));
let meta = null;
const blocks = {};
const block = (b) => blocks[b] || (blocks[b] = { posts: [], shards: {} });
const sandbox = vm.createContext({
  QuireSearch: {
    receiveMeta: (m) => { meta = m; },
    receivePosts: (b, posts) => { block(b).posts = posts; },
    receiveShard: (b, n, s) => { block(b).shards[n] = s; },
  },
});
const run = (file) => vm.runInContext(fs.readFileSync(path.join(dir, file), "utf8"), sandbox, { filename: file });

run("meta.js");
const needed = new Set(S.tokenize(query).map((t) => S.shardOf(t, meta.shards)));
for (let b = 0; b < meta.blocks; b++) {
  run(`b${b}-posts.js`);
  for (const n of needed) {
    try {
      run(`b${b}-shard-${n}.js`);
    } catch (err) {
      if (err.code !== "ENOENT") throw err; // a missing shard matches nothing
    }
  }
}
console.log(JSON.stringify(S.rank(query, meta, blocks).map((r) => r.url)));
