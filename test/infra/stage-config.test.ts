import { describe, expect, it } from 'vitest';
import {
  loadStageConfig,
  mailFromOf,
  STAGE_NAMES,
  StageConfigError,
  sesIdentityOf,
} from '../../infra/stage-config.js';

describe('stage configuration', () => {
  it.each(STAGE_NAMES)('the default settings of %s are valid and deploy to Jakarta', (name) => {
    const config = loadStageConfig(name);
    expect(config.name).toBe(name);
    expect(config.region).toBe('ap-southeast-3');
  });

  it('offers dev and prod, and only prod retains data', () => {
    expect(STAGE_NAMES).toEqual(['dev', 'prod']);
    expect(loadStageConfig('prod').retainData).toBe(true);
    expect(loadStageConfig('dev').retainData).toBe(false);
  });

  it('rejects an unknown stage with the names of the known ones', () => {
    expect(() => loadStageConfig('staging')).toThrow(StageConfigError);
    expect(() => loadStageConfig('staging')).toThrow(
      'Unknown stage "staging". Use --context stage=<dev|prod>.',
    );
  });

  it('does not take inherited object keys for stage names', () => {
    expect(() => loadStageConfig('toString')).toThrow(StageConfigError);
  });

  it('rejects a log retention CloudWatch does not offer', () => {
    expect(() => loadStageConfig('dev', { logRetentionDays: 10 })).toThrow(/logRetentionDays/);
  });

  it('rejects an SES identity that does not cover the sender', () => {
    expect(() =>
      loadStageConfig('dev', {
        mail: { fromAddress: 'ikm@disperin.sulselprov.go.id', identity: 'example.org' },
      }),
    ).toThrow(/mail\.identity/);
  });

  it('defaults the SES identity to the sender domain, and accepts a parent domain or the address itself', () => {
    expect(sesIdentityOf(loadStageConfig('prod'))).toBe('disperin.sulselprov.go.id');
    const parent = loadStageConfig('dev', {
      mail: { fromAddress: 'ikm@disperin.sulselprov.go.id', identity: 'sulselprov.go.id' },
    });
    expect(sesIdentityOf(parent)).toBe('sulselprov.go.id');
    const address = loadStageConfig('dev', {
      mail: { fromAddress: 'ikm@example.org', identity: 'ikm@example.org' },
    });
    expect(sesIdentityOf(address)).toBe('ikm@example.org');
  });

  it('merges overrides one level deep, keeping the other settings of that group', () => {
    const config = loadStageConfig('prod', { mail: { fromAddress: 'usulan@disperin.sulselprov.go.id' } });
    expect(config.mail.fromAddress).toBe('usulan@disperin.sulselprov.go.id');
    expect(config.mail.fromName).toBe('Dinas Perindustrian Provinsi Sulawesi Selatan');
  });

  it('writes the From header with the display name when there is one', () => {
    expect(mailFromOf(loadStageConfig('prod'))).toBe(
      'Dinas Perindustrian Provinsi Sulawesi Selatan <ikm@disperin.sulselprov.go.id>',
    );
    expect(
      mailFromOf(
        loadStageConfig('prod', {
          mail: { fromAddress: 'a@disperin.sulselprov.go.id', fromName: undefined },
        }),
      ),
    ).toBe('a@disperin.sulselprov.go.id');
  });

  it('rejects a custom domain certificate that is not an ACM certificate ARN', () => {
    expect(() =>
      loadStageConfig('prod', {
        customDomain: { domainName: 'ikm.sulselprov.go.id', certificateArn: 'arn:aws:iam::1:x' },
      }),
    ).toThrow(/customDomain\.certificateArn/);
  });
});
