// Parses Mermaid diagrams with Mermaid's own parser (the one GitHub's renderer uses), in Node with jsdom.
// Usage: node mermaid_parse.mjs FILE  — FILE is Markdown (every ```mermaid block is parsed) or a bare
// diagram. Exit 0 when all parse, 1 with the parser's message otherwise, 3 when mermaid or jsdom is not
// installed (the test then skips).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let JSDOM, mermaid;
try {
    ({ JSDOM } = require('jsdom'));
    const dom = new JSDOM('<!DOCTYPE html><body></body>');
    globalThis.window = dom.window;
    globalThis.document = dom.window.document;
    globalThis.DOMParser = dom.window.DOMParser;
    mermaid = (await import(require.resolve('mermaid'))).default;
} catch (e) {
    console.error('mermaid or jsdom not installed: ' + e.message);
    process.exit(3);
}
const text = readFileSync(process.argv[2], 'utf8');
const blocks = [];
const fence = /```mermaid\n([\s\S]*?)```/g;
for (let m; (m = fence.exec(text)) !== null;)
    blocks.push(m[1]);
if (blocks.length === 0)
    blocks.push(text);
mermaid.initialize({ startOnLoad: false });
for (const [i, block] of blocks.entries()) {
    try {
        await mermaid.parse(block);
    } catch (e) {
        console.error(`diagram ${i + 1}: ${e.message || e}`);
        process.exit(1);
    }
}
console.log(`${blocks.length} diagram(s) parsed`);
