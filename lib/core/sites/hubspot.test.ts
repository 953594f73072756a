import { runExamples } from '../../../test/site-examples';
import { examples, hubspot } from './hubspot';

runExamples(hubspot, examples);
