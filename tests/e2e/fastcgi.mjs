// SPDX-License-Identifier: ISC — Rostra
// A minimal FastCGI client, to talk to a daemon directly (as nginx does) and
// control when each part of a request is sent.
import net from 'node:net';

const VERSION = 1;
const BEGIN_REQUEST = 1;
const END_REQUEST = 3;
const PARAMS = 4;
const STDIN = 5;
const STDOUT = 6;
const RESPONDER = 1;

function record(type, content = Buffer.alloc(0), id = 1) {
  const head = Buffer.alloc(8);
  head.writeUInt8(VERSION, 0);
  head.writeUInt8(type, 1);
  head.writeUInt16BE(id, 2);
  head.writeUInt16BE(content.length, 4);
  return Buffer.concat([head, content]);
}

function length(n) {
  if (n < 128) return Buffer.from([n]);
  const b = Buffer.alloc(4);
  b.writeUInt32BE((n | 0x80000000) >>> 0);
  return b;
}

function params(obj) {
  const parts = [];
  for (const [k, v] of Object.entries(obj)) {
    const key = Buffer.from(k);
    const value = Buffer.from(String(v));
    parts.push(length(key.length), length(value.length), key, value);
  }
  return Buffer.concat(parts);
}

// Opens a request: connects and sends BEGIN_REQUEST and all PARAMS. The
// caller decides when to send the body with sendBody(); response() resolves
// to { status, headers, body } once END_REQUEST arrives.
export function openRequest(socketPath, { method = 'GET', uri, contentType, body = '', params: extra = {} }) {
  const bodyBuf = Buffer.from(body);
  const sock = net.connect(socketPath);
  const chunks = [];
  const done = new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 8) {
        const len = buf.readUInt16BE(4);
        const pad = buf.readUInt8(6);
        if (buf.length < 8 + len + pad) break;
        const type = buf.readUInt8(1);
        if (type === STDOUT) chunks.push(buf.subarray(8, 8 + len));
        if (type === END_REQUEST) {
          const text = Buffer.concat(chunks).toString('utf8');
          const [head, ...rest] = text.split('\r\n\r\n');
          const headers = {};
          for (const line of head.split('\r\n')) {
            const i = line.indexOf(':');
            headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
          }
          resolve({ status: Number((headers.status || '200').split(' ')[0]), headers, body: rest.join('\r\n\r\n') });
          sock.end();
        }
        buf = buf.subarray(8 + len + pad);
      }
    });
    // The daemon closing on us shows as a reset or, when Node is still
    // writing (Node 18 more often), a broken pipe: one meaning, one message.
    sock.on('error', (e) => reject(['ECONNRESET', 'EPIPE'].includes(e.code)
      ? new Error(`connection closed by the daemon (${e.code})`) : e));
    sock.on('close', () => reject(new Error('connection closed before the response ended')));
  });
  const ready = new Promise((resolve, reject) => {
    sock.once('connect', resolve);
    sock.once('error', reject);
  });
  const env = { REQUEST_METHOD: method, REQUEST_URI: uri, CONTENT_LENGTH: bodyBuf.length };
  if (contentType) env.CONTENT_TYPE = contentType;
  Object.assign(env, extra);
  sock.write(record(BEGIN_REQUEST, Buffer.from([0, RESPONDER, 0, 0, 0, 0, 0, 0])));
  // A record carries at most 65535 bytes: long parameters take several.
  const all = params(env);
  for (let at = 0; at < all.length; at += 65535) sock.write(record(PARAMS, all.subarray(at, at + 65535)));
  sock.write(record(PARAMS));
  return {
    ready,
    sendBody() {
      if (bodyBuf.length) sock.write(record(STDIN, bodyBuf));
      sock.write(record(STDIN));
    },
    response: () => done,
  };
}

export async function fastcgiRequest(socketPath, opts) {
  const r = openRequest(socketPath, opts);
  await r.ready;
  r.sendBody();
  return r.response();
}
