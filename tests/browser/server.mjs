// A tiny static file server for the browser tests: serves one output folder
// on 127.0.0.1 at a free port, records every request it receives, and answers
// unknown paths with the site's 404.html (status 404), as a static host would.
//
// The root folder can be set after the server is listening, because a site
// must be built with the server's port in its base URL and exit URL.
//
// It sends the headers the site's own `_headers` file asks for, as Cloudflare
// Pages reads it: every rule whose path matches applies, in order; a value
// for a header already set is added to it (comma-separated, so two
// policies both apply), and `! Name` drops what earlier rules set. So the
// browser tests run under the site's real Content-Security-Policy, header
// and meta tag both, and a wrong `_headers` fails them.

import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.woff2': 'font/woff2',
  '.vtt': 'text/vtt; charset=utf-8',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.ogv': 'video/ogg',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.wav': 'audio/wav',
};

export function contentType(file) {
  const base = path.basename(file);
  if (base === '_headers') return 'text/plain; charset=utf-8';
  return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

/** The rules of a `_headers` file: [{ path, detach: [names], set: [[name, value]] }]. */
export function parseHeaders(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      rules.push({ path: line.trim(), detach: [], set: [] });
      continue;
    }
    const rule = rules[rules.length - 1];
    if (!rule) continue;
    const detach = line.trim().match(/^!\s*(\S+)$/);
    if (detach) {
      rule.detach.push(detach[1].toLowerCase());
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) rule.set.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

/** The headers `rules` give a URL path. */
export function headersFor(rules, urlPath) {
  const headers = {};
  for (const rule of rules) {
    const matches = rule.path.endsWith('*') ? urlPath.startsWith(rule.path.slice(0, -1)) : urlPath === rule.path;
    if (!matches) continue;
    for (const name of rule.detach) delete headers[name];
    for (const [name, value] of rule.set) headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}

/**
 * Start a server. Options:
 * - root: folder to serve (may be set later with server.setRoot)
 * - extra: { '/path': { body, type, delayMs } } pages served from memory,
 *   outside the site (for example the quick-exit target)
 * Returns { port, origin, requests, setRoot, clearRequests, close }.
 */
export async function startServer({ root = null, extra = {} } = {}) {
  const requests = [];
  let siteRoot = root;
  let rules = [];
  const readRules = () => {
    try {
      rules = siteRoot ? parseHeaders(readFileSync(path.join(siteRoot, '_headers'), 'utf8')) : [];
    } catch {
      rules = [];
    }
  };
  readRules();

  async function fileFor(urlPath) {
    if (!siteRoot) return null;
    let decoded;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      return null;
    }
    if (decoded.includes('\0')) return null;
    const resolved = path.resolve(siteRoot, '.' + path.posix.normalize('/' + decoded));
    const rootWithSep = path.resolve(siteRoot) + path.sep;
    if (resolved !== path.resolve(siteRoot) && !resolved.startsWith(rootWithSep)) return null;
    try {
      const info = await stat(resolved);
      if (info.isFile()) return resolved;
      if (info.isDirectory()) {
        // A folder is served only with a trailing slash, like most static hosts.
        if (!urlPath.endsWith('/')) return { redirect: urlPath + '/' };
        const index = path.join(resolved, 'index.html');
        const indexInfo = await stat(index).catch(() => null);
        if (indexInfo && indexInfo.isFile()) return index;
      }
    } catch {
      // not found
    }
    return null;
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    requests.push({
      method: req.method,
      path: url.pathname,
      search: url.search,
      referer: req.headers.referer || null,
      cookie: req.headers.cookie || null,
      time: Date.now(),
    });
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed\n');
      return;
    }
    const send = (status, type, body, headers = {}) => {
      res.writeHead(status, {
        ...headersFor(rules, url.pathname),
        'Content-Type': type,
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'no-store',
        ...headers,
      });
      res.end(head ? undefined : body);
    };

    const special = extra[url.pathname];
    if (special) {
      if (special.delayMs) await new Promise((r) => setTimeout(r, special.delayMs));
      send(200, special.type || 'text/html; charset=utf-8', special.body);
      return;
    }

    const found = await fileFor(url.pathname);
    if (found && typeof found === 'object') {
      res.writeHead(301, { Location: found.redirect + url.search });
      res.end();
      return;
    }
    if (found) {
      send(200, contentType(found), await readFile(found));
      return;
    }
    const notFound = siteRoot ? path.join(siteRoot, '404.html') : null;
    const body = notFound ? await readFile(notFound).catch(() => null) : null;
    if (body) send(404, 'text/html; charset=utf-8', body);
    else send(404, 'text/plain; charset=utf-8', 'Not found\n');
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    setRoot(dir) {
      siteRoot = dir;
      readRules();
    },
    clearRequests() {
      requests.length = 0;
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}
