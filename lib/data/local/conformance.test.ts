import { describeDataPortConformance } from '../../../test/data-port-conformance';
import { freshStore } from '../../../test/factories';

describeDataPortConformance('the local store (IndexedDB)', async () => ({ port: freshStore(), fresh: async () => freshStore() }));
