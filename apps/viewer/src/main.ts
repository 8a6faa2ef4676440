import './styles.css';
import { LogsPage } from './logs-page';
import { openForm } from './open-form';
import { isLinkProblem, parseLogsLink } from './url-state';

// The viewer's one page: `/logs?…` streams an app (a link missing its app goes back to the form, saying why), and
// anything else (`/`) is the form that makes such a link.
const root = document.getElementById('app')!;
if (location.pathname === '/logs') {
  const link = parseLogsLink(location.search);
  if (isLinkProblem(link)) openForm(root, link.partial, link.problem);
  else new LogsPage(link).mount(root);
} else {
  openForm(root);
}
