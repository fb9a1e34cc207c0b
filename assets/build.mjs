// Builds layanan/static/dist/ from npm packages: compiles the rebranded GOV.UK Frontend SCSS and
// copies the few scripts we serve. Run by `npm run build` and by `postinstall` (so `npm ci` alone
// produces the assets).
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const dist = join(root, "layanan", "static", "dist");
mkdirSync(dist, { recursive: true });

const result = sass.compile(join(root, "assets", "scss", "layanan.scss"), {
  style: "compressed",
  loadPaths: [modules],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(dist, "layanan.css"), result.css);

const copies = [
  // Progressive enhancement only: every page works without it.
  [join(modules, "htmx.org", "dist", "htmx.min.js"), "htmx.min.js"],
  // Browser tests inject it; no page references it.
  [join(modules, "axe-core", "axe.min.js"), "axe.min.js"],
];
for (const [from, to] of copies) copyFileSync(from, join(dist, to));

console.log(`layanan: built ${dist} (layanan.css ${result.css.length} bytes)`);
