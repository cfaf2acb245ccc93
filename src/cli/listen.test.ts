import { describe, expect, it } from 'vitest';
import { urlFor } from './listen.ts';

describe('urlFor', () => {
  it.each([
    ['0.0.0.0', 'http://localhost:3000/'],
    ['::', 'http://localhost:3000/'],
    ['127.0.0.1', 'http://127.0.0.1:3000/'],
    ['::1', 'http://[::1]:3000/'],
    ['api.example.com', 'http://api.example.com:3000/'],
  ])('shows %s as %s', (host, url) => {
    expect(urlFor(host, 3000)).toBe(url);
  });
});
