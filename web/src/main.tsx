import { render } from 'preact';
import { takeKeyFromUrl } from './api/key';
import { App } from './app/App';
import { parseRoute, route, startRouting } from './app/route';
import './styles.css';

takeKeyFromUrl(location, history);
startRouting();
if (location.hash === '' || location.hash === '#') {
  history.replaceState(null, '', '#/executions');
}
route.value = parseRoute(location.hash);
render(<App />, document.getElementById('app')!);
