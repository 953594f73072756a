import { runExamples } from '../../../test/site-examples';
import { examples, pipedrive } from './pipedrive';

runExamples(pipedrive, examples);
