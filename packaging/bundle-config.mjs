// Prints the configuration .ci/package hands Tauri's bundler with `--config`, merged over
// tauri.conf.json:
//
// - tauri.conf.json's paths are relative to the repository's top level (where it lives,
//   and where tauri-build and generate_context! resolve them), but the bundler runs with
//   src-tauri as its project folder (TAURI_APP_PATH=src-tauri: it needs the app's
//   Cargo.toml beside the config, and the top level's is a virtual workspace) and resolves
//   them from there. So every path of the `bundle` section is given again, absolute.
// - The files made at package time are added: the `quire` command line, the man pages
//   and completions, the compressed Debian changelog.
// - The .deb's Depends gets what dpkg-shlibdeps found the programs linked against
//   (QUIRE_SHLIBS_DEPENDS, "libc6 (>= 2.34), libglib2.0-0 (>= 2.65.1), …"), beside the
//   WebKitGTK runtime (libwebkit2gtk-4.1-0, libgtk-3-0) the bundler names itself.
//
// Usage: QUIRE_SHLIBS_DEPENDS=… node packaging/bundle-config.mjs REPO FILES BIN
// (FILES: what .ci/package made, in man/, completions/ and changelog.gz; BIN: the
// programs, stripped).
import { readFileSync, readdirSync } from "node:fs";
import { isAbsolute, join } from "node:path";

const [repo, stage, release] = process.argv.slice(2);
if (!repo || !stage || !release) {
  console.error("usage: node packaging/bundle-config.mjs REPO FILES BIN");
  process.exit(2);
}
const config = JSON.parse(readFileSync(join(repo, "tauri.conf.json"), "utf8"));
const bundle = config.bundle;
const absolute = (path) => (isAbsolute(path) ? path : join(repo, path));
const anchored = (files) =>
  Object.fromEntries(Object.entries(files ?? {}).map(([to, from]) => [to, absolute(from)]));

// What every package installs that is made at package time, by where it goes.
const man = readdirSync(join(stage, "man")).filter((name) => name.endsWith(".1.gz"));
const made = (zsh) => ({
  "/usr/bin/quire": join(release, "quire"),
  ...Object.fromEntries(man.map((name) => [`/usr/share/man/man1/${name}`, join(stage, "man", name)])),
  "/usr/share/bash-completion/completions/quire": join(stage, "completions", "quire.bash"),
  [`${zsh}/_quire`]: join(stage, "completions", "_quire"),
  "/usr/share/fish/vendor_completions.d/quire.fish": join(stage, "completions", "quire.fish"),
});

const { deb, rpm } = bundle.linux;

// The relations dpkg-shlibdeps found, but for the WebKitGTK runtime, which the bundler
// always adds itself (unversioned): named twice, it would be in Depends twice.
const added = ["libwebkit2gtk-4.1-0", "libgtk-3-0"];
const depends = [
  ...(deb.depends ?? []),
  ...(process.env.QUIRE_SHLIBS_DEPENDS ?? "")
    .split(",")
    .map((relation) => relation.trim())
    .filter((relation) => relation !== "" && !added.includes(relation.split(" ")[0])),
];

const overlay = {
  bundle: {
    icon: bundle.icon.map(absolute),
    linux: {
      deb: {
        depends,
        desktopTemplate: absolute(deb.desktopTemplate),
        files: {
          ...anchored(deb.files),
          // Debian's zsh looks in vendor-completions; a native package's changelog.
          ...made("/usr/share/zsh/vendor-completions"),
          "/usr/share/doc/quire/changelog.gz": join(stage, "changelog.gz"),
        },
      },
      rpm: {
        desktopTemplate: absolute(rpm.desktopTemplate),
        files: { ...anchored(rpm.files), ...made("/usr/share/zsh/site-functions") },
      },
    },
  },
};
console.log(JSON.stringify(overlay, null, 2));
