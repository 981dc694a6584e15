// The fenced code blocks of a Markdown file, with their info strings, so a
// test can run each README program in the runtime its fence names
// (```js node, ```html browser, ...).
import { readFileSync } from 'node:fs';

/**
 * @typedef {object} CodeBlock
 * @property {string} file the Markdown file
 * @property {number} line the fence's line (1-based)
 * @property {string} lang the info string's first word (`js`, `html`, `sh`, ...)
 * @property {string[]} markers the words after it (`node`, `worker`, `fragment`, ...)
 * @property {string} code
 */

/**
 * @param {string} file
 * @returns {CodeBlock[]}
 */
export function codeBlocks(file) {
  const blocks = [];
  let open = null;
  readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
    if (open) {
      if (text.trim() === open.fence) {
        blocks.push({ file, line: open.line, lang: open.lang, markers: open.markers, code: open.lines.join('\n') });
        open = null;
      } else {
        open.lines.push(text);
      }
      return;
    }
    const start = /^\s*(```+|~~~+)\s*(.*)$/.exec(text);
    if (start) {
      const [lang = '', ...markers] = start[2].trim().split(/\s+/).filter(Boolean);
      open = { fence: start[1], line: i + 1, lang, markers, lines: [] };
    }
  });
  return blocks;
}

/**
 * The one block of `file` whose fence carries `marker`.
 * @param {string} file
 * @param {string} marker
 */
export function blockMarked(file, marker) {
  const found = codeBlocks(file).filter((b) => b.markers.includes(marker));
  if (found.length !== 1) throw new Error(`${file}: ${found.length} blocks marked ${marker}, expected 1`);
  return found[0];
}
