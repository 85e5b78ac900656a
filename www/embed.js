// embed.html: one <paxos-viz> filling the frame, its attributes from the address.
//   embed.html?scenario=dueling-proposers&step=6&controls=full
//   embed.html#run=v1.…&caption      embed.html#v1.…  (a shareable link's fragment)
// The fragment wins over the query for an attribute in both; changing the fragment updates
// the widget in place.

import { ATTRIBUTES } from './paxos-viz.js';

const widget = document.createElement('paxos-viz');
const problem = document.createElement('p');
problem.className = 'embed-problem';
problem.setAttribute('role', 'alert');

function options() {
  const params = new URLSearchParams(location.search);
  const hash = location.hash.slice(1);
  if (/^v\d+\./.test(hash)) {
    params.set('run', hash);
  } else {
    for (const [k, v] of new URLSearchParams(hash)) params.set(k, v);
  }
  return params;
}

function apply() {
  const params = options();
  const unknown = [...params.keys()].filter((k) => !ATTRIBUTES.includes(k));
  problem.textContent = unknown.length
    ? `Ignored ${unknown.map((k) => `"${k}"`).join(', ')}: the options are ${ATTRIBUTES.join(', ')}.`
    : '';
  problem.hidden = unknown.length === 0;
  for (const name of ATTRIBUTES) {
    if (params.has(name)) widget.setAttribute(name, params.get(name));
    else widget.removeAttribute(name);
  }
}

apply();
document.body.append(problem, widget);
addEventListener('hashchange', apply);
