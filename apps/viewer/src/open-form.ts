import { el, labelled } from './dom';
import { logsHref, type LogsLink } from './url-state';

/**
 * The `/` page: which app (or replica) to watch. Opening it goes to the app's `/logs?…` link, which is the thing
 * to bookmark and share. `problem` says what was wrong with a link that led here.
 */
export function openForm(root: HTMLElement, known: Partial<LogsLink> = {}, problem?: string): void {
  const field = (name: keyof LogsLink, label: string, required: boolean, placeholder = '') =>
    labelled(
      label,
      el('input', { name, type: 'text', required, value: known[name] === undefined ? '' : String(known[name]), placeholder, spellcheck: 'false' }),
    );
  const form = el(
    'form',
    { class: 'open', 'aria-label': 'Open an app' },
    field('org', 'Org', false, 'optional'),
    field('project', 'Project', true),
    field('domain', 'Domain', true, 'development'),
    field('name', 'App', true),
    field('replica', 'Replica', false, 'optional: one pod'),
    el('button', { type: 'submit' }, 'Open'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim() || undefined;
    const link = { org: value('org'), project: value('project')!, domain: value('domain')!, name: value('name')!, replica: value('replica') };
    location.assign(logsHref(link));
  });
  document.title = 'applogs';
  root.replaceChildren(
    el('header', {}, el('span', { class: 'home' }, 'applogs'), el('h1', {}, 'Live logs of every replica of an app')),
    ...(problem ? [el('p', { class: 'alert', role: 'alert' }, problem)] : []),
    form,
  );
}
