/* global document */
// Public Reaction: reactions and comments without page reloads. The page works without this
// script (plain form posts); with it, forms post with fetch and the counts update in place.
// The cached page is the same for everyone: the reader's own reaction and live counts come
// from a private JSON endpoint.
(function () {
  'use strict';

  function setText(el, text) {
    if (el) el.textContent = text;
  }

  function problemText(body, fallback) {
    return body && typeof body.detail === 'string' ? body.detail : fallback;
  }

  function applyReactions(bar, data) {
    var buttons = bar.querySelectorAll('button[data-reaction]');
    for (var i = 0; i < buttons.length; i++) {
      var type = buttons[i].getAttribute('data-reaction');
      var count = data.counts && typeof data.counts[type] === 'number' ? data.counts[type] : 0;
      setText(buttons[i].querySelector('[data-count]'), String(count));
      buttons[i].setAttribute('aria-pressed', data.mine === type ? 'true' : 'false');
    }
    if (typeof data.total === 'number') setText(bar.querySelector('[data-reaction-total]'), String(data.total));
    bar.setAttribute('data-ready', 'true');
  }

  function initReactions(bar) {
    var endpoint = bar.getAttribute('data-endpoint');
    var tokenInput = bar.querySelector('input[name="token"]');
    var status = bar.querySelector('[data-reaction-status]');
    var busy = false;
    fetch(endpoint, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (data.token && tokenInput) tokenInput.value = data.token;
        applyReactions(bar, data);
      })
      .catch(function () {});
    bar.addEventListener('submit', function (event) {
      var button = event.submitter;
      if (!button || !button.getAttribute('data-reaction')) return;
      event.preventDefault();
      if (busy) return;
      busy = true;
      var type = button.getAttribute('data-reaction');
      var next = button.getAttribute('aria-pressed') === 'true' ? null : type;
      fetch(endpoint, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ type: next, token: tokenInput ? tokenInput.value : '' }),
      })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (result) {
          if (result.ok) {
            applyReactions(bar, result.body);
            setText(status, next ? 'Your reaction: ' + button.querySelector('.reaction-name').textContent : 'Reaction removed');
          } else {
            setText(status, problemText(result.body, 'Your reaction could not be saved.'));
          }
        })
        .catch(function () { setText(status, 'Your reaction could not be saved. Check your connection.'); })
        .then(function () { busy = false; });
    });
  }

  function initCommentForm(form, box) {
    var status = form.querySelector('[data-comment-status]');
    var textarea = form.querySelector('textarea[name="body"]');
    var tokenInput = form.querySelector('input[name="token"]');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      setText(status, 'Posting…');
      fetch(form.getAttribute('action'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(new FormData(form)).toString(),
      })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (result) {
          if (!result.ok) {
            setText(status, problemText(result.body, 'Your comment could not be posted.'));
            return;
          }
          var body = result.body;
          if (body.token && tokenInput) tokenInput.value = body.token;
          textarea.value = '';
          if (body.html && box) {
            var parentInput = form.querySelector('input[name="parent_id"]');
            var list = box.querySelector('[data-comment-list]');
            var template = document.createElement('template');
            template.innerHTML = body.html;
            var item = template.content.firstElementChild;
            if (parentInput && parentInput.value) {
              var parent = document.getElementById('comment-' + parentInput.value);
              if (parent) {
                var replies = parent.querySelector('.comment-replies');
                if (!replies) {
                  replies = document.createElement('ol');
                  replies.className = 'comment-replies';
                  parent.appendChild(replies);
                }
                replies.appendChild(item);
              }
            } else if (list && item) {
              list.insertBefore(item, list.firstChild);
            }
            var count = box.querySelector('[data-comment-count]');
            if (count) setText(count, String(Number(count.textContent || '0') + 1));
            var empty = box.querySelector('[data-comments-empty]');
            if (empty) empty.hidden = true;
            setText(status, 'Your comment is posted. You can edit it for 10 minutes.');
          } else {
            setText(status, 'Thank you. Your comment will appear once a moderator has approved it.');
          }
          if (body.edit_url) {
            var edit = document.createElement('a');
            edit.href = body.edit_url;
            edit.className = 'comment-edit-link';
            edit.textContent = ' Edit your comment';
            status.appendChild(edit);
          }
        })
        .catch(function () { setText(status, 'Your comment could not be posted. Check your connection; your text is still here.'); })
        .then(function () { if (button) button.disabled = false; });
    });
  }

  function initReplies(box) {
    var mainForm = box.querySelector('form[data-comment-form]');
    if (!mainForm) return;
    box.addEventListener('click', function (event) {
      var link = event.target.closest ? event.target.closest('a[data-reply-to]') : null;
      if (!link) return;
      event.preventDefault();
      var id = link.getAttribute('data-reply-to');
      var existing = box.querySelector('form[data-reply-form="' + id + '"]');
      if (existing) { existing.querySelector('textarea').focus(); return; }
      var form = mainForm.cloneNode(true);
      form.setAttribute('data-reply-form', id);
      var textarea = form.querySelector('textarea');
      textarea.id = 'reply-body-' + id;
      textarea.value = '';
      var label = form.querySelector('label.comment-label');
      if (label) label.setAttribute('for', textarea.id);
      var hidden = document.createElement('input');
      hidden.type = 'hidden';
      hidden.name = 'parent_id';
      hidden.value = id;
      form.insertBefore(hidden, form.firstChild);
      setText(form.querySelector('[data-comment-status]'), '');
      link.parentNode.parentNode.appendChild(form);
      initCommentForm(form, box);
      textarea.focus();
    });
  }

  function initReports(box) {
    box.addEventListener('submit', function (event) {
      var form = event.target;
      if (!form.hasAttribute || !form.hasAttribute('data-report')) return;
      event.preventDefault();
      fetch(form.getAttribute('action'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(new FormData(form)).toString(),
      })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (result) {
          var note = document.createElement('span');
          note.className = 'comment-reported';
          note.setAttribute('role', 'status');
          note.textContent = result.ok ? 'Reported. Thank you.' : problemText(result.body, 'Could not report.');
          form.replaceWith(note);
        })
        .catch(function () {});
    });
  }

  var bars = document.querySelectorAll('form[data-reactions]');
  for (var i = 0; i < bars.length; i++) initReactions(bars[i]);
  var boxes = document.querySelectorAll('[data-comments]');
  for (var j = 0; j < boxes.length; j++) {
    var form = boxes[j].querySelector('form[data-comment-form]');
    if (form) initCommentForm(form, boxes[j]);
    initReplies(boxes[j]);
    initReports(boxes[j]);
  }
})();
