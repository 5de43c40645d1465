// The HTML page's script: it makes the table of flagged rows filterable and sortable. A constant,
// inline, allowed by the page's policy by its hash: it reads the rows from the page and never sees
// report data as code.

export const SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('rows-table');
  if (!table) return;
  var body = table.tBodies[0];
  var filter = document.getElementById('row-filter');
  var campaign = document.getElementById('row-campaign');
  var severity = document.getElementById('row-severity');
  var status = document.getElementById('row-status');
  var empty = document.getElementById('rows-empty');
  var collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  var items = Array.prototype.map.call(body.rows, function (row, index) {
    return {
      row: row,
      index: index,
      text: row.textContent.toLowerCase(),
      campaign: row.getAttribute('data-campaign'),
      severity: row.getAttribute('data-severity')
    };
  });
  var total = items.length;
  function plural(n, noun) { return n.toLocaleString('en-US') + ' ' + noun + (n === 1 ? '' : 's'); }

  function apply() {
    // A mask such as [name 972526cf] is one term: the rows of that one person.
    var terms = filter.value.toLowerCase().match(/\\[[^\\]]*\\]|\\S+/g) || [];
    var c = campaign.value, s = severity.value, shown = 0;
    items.forEach(function (item) {
      var match = (!c || item.campaign === c) && (!s || item.severity === s) &&
        terms.every(function (term) { return item.text.indexOf(term) !== -1; });
      item.row.hidden = !match;
      if (match) shown++;
    });
    status.textContent = shown === total ? plural(total, 'row') : 'Showing ' + shown.toLocaleString('en-US') + ' of ' + plural(total, 'row');
    empty.hidden = shown !== 0;
  }
  filter.addEventListener('input', apply);
  campaign.addEventListener('change', apply);
  severity.addEventListener('change', apply);
  Array.prototype.forEach.call(document.querySelectorAll('a[data-campaign]'), function (link) {
    link.addEventListener('click', function () {
      campaign.value = link.getAttribute('data-campaign');
      filter.value = '';
      severity.value = '';
      apply();
    });
  });

  var headers = table.tHead.rows[0].cells;
  var sorted = { column: -1, direction: 1 };
  // An empty cell (data-v="") sorts last whichever the direction.
  function key(item, column, numeric) {
    var cell = item.row.cells[column];
    var value = cell.hasAttribute('data-v') ? cell.getAttribute('data-v') : cell.textContent;
    if (value === '') return null;
    return numeric ? parseFloat(value) : value;
  }
  function sortBy(column) {
    var numeric = headers[column].getAttribute('data-sort') === 'number';
    var direction = sorted.column === column ? -sorted.direction : 1;
    sorted = { column: column, direction: direction };
    var keyed = items.map(function (item) { return { item: item, key: key(item, column, numeric) }; });
    keyed.sort(function (a, b) {
      if (a.key === null || b.key === null) return (a.key === null) - (b.key === null) || a.item.index - b.item.index;
      var order;
      if (numeric) order = a.key === b.key ? 0 : a.key < b.key ? -1 : 1;
      else order = collator.compare(a.key, b.key);
      return order * direction || a.item.index - b.item.index;
    });
    var fragment = document.createDocumentFragment();
    keyed.forEach(function (entry) { fragment.appendChild(entry.item.row); });
    body.appendChild(fragment);
    Array.prototype.forEach.call(headers, function (th, i) {
      var arrow = th.querySelector('.arrow');
      if (i === column) {
        th.setAttribute('aria-sort', direction === 1 ? 'ascending' : 'descending');
        if (arrow) arrow.textContent = direction === 1 ? '▲' : '▼';
      } else {
        th.removeAttribute('aria-sort');
        if (arrow) arrow.textContent = '↕';
      }
    });
  }
  Array.prototype.forEach.call(headers, function (th, column) {
    if (!th.hasAttribute('data-sort')) return;
    var button = document.createElement('button');
    button.type = 'button';
    button.title = 'Sort by ' + th.textContent.toLowerCase();
    while (th.firstChild) button.appendChild(th.firstChild);
    var arrow = document.createElement('span');
    arrow.className = 'arrow';
    arrow.setAttribute('aria-hidden', 'true');
    arrow.textContent = '↕';
    button.appendChild(arrow);
    th.appendChild(button);
    button.addEventListener('click', function () { sortBy(column); });
  });

  document.getElementById('row-controls').hidden = false;
  apply();
})();
`;
