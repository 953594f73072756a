import '../../lib/zod-jitless';
import { createRoot } from 'react-dom/client';
import '../../assets/tailwind.css';
import { createOptionsApi } from '../../components/options/api';
import { OptionsApp } from '../../components/options/OptionsApp';
import { createDataClient, type DataRequest } from '../../lib/data/rpc';
import { browser } from '../../lib/browser';
import { sendToBackground } from '../../components/app/runtime';

const api = createOptionsApi({
  send: sendToBackground,
  data: createDataClient((message: DataRequest) => sendToBackground(message)),
  permissions: browser.permissions,
  doc: document,
});

createRoot(document.getElementById('root')!).render(<OptionsApp api={api} />);
