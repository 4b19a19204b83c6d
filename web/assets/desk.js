// klappt KI-Desk: small improvements on top of pages that work without JavaScript.
// - the result beside the case form is re-evaluated when a field changes (no reload), and
//   the form marks the questions still open and hides what no result depends on;
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
      markQuestions();
      if (status) status.textContent = 'Ergebnis aktualisiert (noch nicht gespeichert)';
      form.classList.add('geaendert');
    }).catch(function (e) {
      if (e.name !== 'AbortError' && status) status.textContent = 'Ergebnis konnte nicht aktualisiert werden';
    });
  }

  // The minimal interview: the answer says which fields are still asked for and which no
  // result depends on; mark the first, hide the second (unless all fields are shown).
  var toggle = form.querySelector('[data-alle-felder]');
  function words(element, name) {
    var text = element ? element.getAttribute(name) || '' : '';
    return text ? text.split(' ') : [];
  }
  function markQuestions() {
    var marker = column.querySelector('[data-fragen]');
    var needed = words(marker, 'data-gebraucht');
    var notNeeded = words(marker, 'data-nicht-gebraucht');
    form.querySelectorAll('.feld').forEach(function (field) {
      var control = field.querySelector('[name]');
      var name = control ? control.getAttribute('name') : '';
      field.classList.toggle('gebraucht', needed.indexOf(name) >= 0);
      field.classList.toggle('nicht-gebraucht', notNeeded.indexOf(name) >= 0);
    });
    if (toggle) toggle.parentNode.hidden = notNeeded.length === 0 && !form.classList.contains('alle-felder');
  }
  if (toggle) {
    if (toggle.getAttribute('href') === '?') form.classList.add('alle-felder');
    toggle.addEventListener('click', function (e) {
      e.preventDefault();
      var all = form.classList.toggle('alle-felder');
      toggle.textContent = all ? 'Nur die Felder zeigen, die für das Ergebnis gebraucht werden'
                               : 'Auch die Felder zeigen, die für das Ergebnis nicht gebraucht werden';
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
