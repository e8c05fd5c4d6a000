import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The built UI is loaded by the Tauri window from disk, so every asset path is relative.
export default defineConfig({
  base: "./",
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // No inlined module-preload polyfill: nothing but our own files, so a strict CSP can apply.
    modulePreload: { polyfill: false },
  },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
  },
});
