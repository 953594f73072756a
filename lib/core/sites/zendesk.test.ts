import { runExamples } from '../../../test/site-examples';
import { examples, zendesk } from './zendesk';

runExamples(zendesk, examples);
