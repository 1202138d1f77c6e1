// The AWS-owned container images of Model Monitor's analyzer and of Clarify, per region
// (registries as listed in the SageMaker Python SDK's image_uri_config).
import { AppError, ErrorCode } from '../shared/errors.js';

const MODEL_MONITOR: Record<string, string> = {
  'eu-north-1': '895015795356', 'me-south-1': '607024016150', 'ap-south-1': '126357580389', 'us-east-2': '777275614652',
  'eu-west-1': '468650794304', 'eu-central-1': '048819808253', 'sa-east-1': '539772159869', 'ap-east-1': '001633400207',
  'us-east-1': '156813124566', 'ap-northeast-2': '709848358524', 'eu-west-2': '749857270468', 'eu-west-3': '680080141114',
  'ap-northeast-1': '574779866223', 'us-west-2': '159807026194', 'us-west-1': '890145073186', 'ap-southeast-1': '245545462676',
  'ap-southeast-2': '563025443158', 'ca-central-1': '536280801234', 'cn-north-1': '453000072557', 'cn-northwest-1': '453252182341',
};

const CLARIFY: Record<string, string> = {
  'af-south-1': '811711786498', 'ap-east-1': '098760798382', 'ap-northeast-1': '377024640650', 'ap-northeast-2': '263625296855',
  'ap-northeast-3': '364406365360', 'ap-south-1': '452307495513', 'ap-southeast-1': '834264404009', 'ap-southeast-2': '007051062584',
  'ca-central-1': '675030665977', 'cn-north-1': '122526803553', 'cn-northwest-1': '122578899357', 'eu-central-1': '017069133835',
  'eu-north-1': '763603941244', 'eu-south-1': '638885417683', 'eu-west-1': '131013547314', 'eu-west-2': '440796970383',
  'eu-west-3': '341593696636', 'me-south-1': '835444307964', 'sa-east-1': '520018980103', 'us-east-1': '205585389593',
  'us-east-2': '211330385671', 'us-west-1': '740489534195', 'us-west-2': '306415355426',
};

function image(registries: Record<string, string>, region: string, repository: string, what: string): string {
  const account = registries[region];
  if (!account) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, `No ${what} image is known for region ${region}; supported: ${Object.keys(registries).sort().join(', ')}`, { field: 'awsRegion' });
  }
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `${account}.dkr.ecr.${region}.${domain}/${repository}`;
}

export const modelMonitorImage = (region: string) => image(MODEL_MONITOR, region, 'sagemaker-model-monitor-analyzer', 'Model Monitor analyzer');
export const clarifyImage = (region: string) => image(CLARIFY, region, 'sagemaker-clarify-processing:1.0', 'Clarify');
