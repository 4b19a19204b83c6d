// klappt KI-Desk: small improvements on top of pages that work without JavaScript.
// - the result beside the case form is re-evaluated when a field changes (no reload);
// - "Prüfvermerk drucken" opens the print dialog;
// - an error summary gets the focus, so screen readers announce it.
(function () {
  'use strict';

  var summary = document.querySelector('.fehlerliste');
  if (summary) summary.focus();

  document.querySelectorAll('[data-drucken]').forEach(function (button) {
    button.addEventListener('click', function () { window.print(); });
  });

  var form = document.getElementById('fallformular');
  var column = document.getElementById('ergebnis-spalte');
  if (!form || !column || !window.fetch) return;
  var status = form.querySelector('.js-status');
  var timer = null;
  var running = null;

  function evaluate() {
    var data = new URLSearchParams(new FormData(form));
    data.delete('aktion');
    if (running) running.abort();
    running = new AbortController();
    fetch(form.getAttribute('data-ergebnis'), {
      method: 'POST',
      body: data,
      credentials: 'same-origin',
      signal: running.signal,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' }
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    }).then(function (html) {
      column.innerHTML = html;
      if (status) status.textContent = 'Ergebnis aktualisiert (noch nicht gespeichert)';
      form.classList.add('geaendert');
    }).catch(function (e) {
      if (e.name !== 'AbortError' && status) status.textContent = 'Ergebnis konnte nicht aktualisiert werden';
    });
  }

  function soon(delay) {
    if (timer) clearTimeout(timer);
    timer = setTimeout(evaluate, delay || 250);
  }

  form.addEventListener('change', function () { soon(150); });
  form.addEventListener('input', function (e) {
    // While typing: a complete date at once, anything else after a short pause.
    var t = e.target;
    if (!t || t.tagName !== 'INPUT') return;
    soon(/^\d{2}\.\d{2}\.\d{4}$/.test(t.value) ? 150 : 600);
  });
})();
