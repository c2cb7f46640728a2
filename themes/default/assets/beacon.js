/* global document -- runs in the reader's browser (navigator is a known global) */
// Trending Stories: tells the site once that this article was read. No cookies, no storage,
// no third party; the server counts one view per visitor per article within 30 minutes.
(function () {
  'use strict';
  var article = document.querySelector('article[data-article-id]');
  if (!article || typeof navigator.sendBeacon !== 'function') return;
  var id = article.getAttribute('data-article-id') || '';
  if (!/^[1-9][0-9]{0,9}$/.test(id)) return;
  var send = function () {
    try {
      navigator.sendBeacon('/beacon?a=' + id);
    } catch {
      // Best effort: a view that cannot be reported is simply not counted.
    }
  };
  // A prerendered page is not read until the reader actually opens it.
  if (document.prerendering) document.addEventListener('prerenderingchange', send, { once: true });
  else send();
})();
