// Copies the non-TypeScript files the library reads at run time (SQL) next to the compiled code.
import { cpSync } from "node:fs";

cpSync("src/engine/sql", "dist/engine/sql", {
  recursive: true,
  filter: (src) => !src.includes(".") || src.endsWith(".sql"),
});
