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
const shards = {};
const sandbox = {
  QuireSearch: {
    receiveMeta: (m) => { meta = m; },
    receiveShard: (n, s) => { shards[n] = s; },
  },
};
vm.runInNewContext(fs.readFileSync(path.join(dir, "meta.js"), "utf8"), sandbox);
for (const token of S.tokenize(query)) {
  const n = S.shardOf(token, meta.shards);
  if (!(n in shards)) {
    vm.runInNewContext(fs.readFileSync(path.join(dir, `shard-${n}.js`), "utf8"), sandbox);
  }
}
console.log(JSON.stringify(S.rank(query, meta, shards).map((r) => r.url)));
