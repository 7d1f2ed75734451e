/* Service worker. VERSION and PRECACHE are prepended by the server (/sw.js). */
/* global VERSION, PRECACHE */
"use strict";

const SHELL_CACHE = "shell-" + VERSION;
// Pages read offline once visited: leaflets, exercises, emergency advice.
const PAGES_CACHE = "pages-v1";
// Pages about one patient (their plan): cleared when they sign out.
const PERSONAL_CACHE = "personal-v1";
const OFFLINE_URL = "/offline";
const PUBLIC_PAGES = [/^\/leaflets(\/|$)/, /^\/exercises(\/|$)/, /^\/get-help(\/|$)/, /^\/offline$/];
const PERSONAL_PAGES = [/^\/my-plan(\/|$)/];
// Exercise drawings on those pages. Their URLs carry a content hash (?v=), so a
// kept copy is used until the drawing changes.
const PAGE_IMAGES = [/^\/exercises\/[a-z0-9-]+\/illustration\.svg$/];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name.startsWith("shell-") && name !== SHELL_CACHE).map((name) => caches.delete(name))
      ))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "clear-personal") {
    event.waitUntil(caches.delete(PERSONAL_CACHE));
  }
});

function cacheFor(pathname) {
  if (PUBLIC_PAGES.some((pattern) => pattern.test(pathname))) return PAGES_CACHE;
  if (PERSONAL_PAGES.some((pattern) => pattern.test(pathname))) return PERSONAL_CACHE;
  return null;
}

async function fromNetworkThenCache(request) {
  const url = new URL(request.url);
  try {
    const response = await fetch(request);
    const cacheName = cacheFor(url.pathname);
    if (cacheName && response.ok) {
      const cache = await caches.open(cacheName);
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await caches.match(request, { ignoreSearch: false });
    if (cached) return cached;
    const offline = await caches.match(OFFLINE_URL);
    return offline || Response.error();
  }
}

async function fromCacheThenNetwork(request, cacheName = SHELL_CACHE) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(cacheName);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    // A form posted with no signal: show the offline page (which carries the
    // emergency advice) rather than the browser's error.
    if (request.mode === "navigate") {
      event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_URL)));
    }
    return;
  }
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(fromCacheThenNetwork(request));
  } else if (PAGE_IMAGES.some((pattern) => pattern.test(url.pathname))) {
    event.respondWith(fromCacheThenNetwork(request, PAGES_CACHE));
  } else if (request.mode === "navigate") {
    event.respondWith(fromNetworkThenCache(request));
  }
});
