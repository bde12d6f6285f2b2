/** The header: app name, デモ badge, municipality, signed-in staff, sync state and language. */
import { Badge, Burger, Group, Text, Title, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { SyncIndicator } from './SyncIndicator.tsx';
import { useAppInfo } from './use-app-info.ts';
import { useFirstSync } from './use-sync-status.ts';

interface AppHeaderProps {
  navbarOpened: boolean;
  onToggleNavbar: () => void;
}

export function AppHeader({ navbarOpened, onToggleNavbar }: AppHeaderProps) {
  const { t } = useTranslation();
  const { data: info } = useAppInfo();
  const firstSync = useFirstSync();
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="md">
      <UnstyledButton className="skip-link" onClick={focusMain}>
        {t('app.skipToContent')}
      </UnstyledButton>
      <Group gap="sm" wrap="nowrap">
        <Burger
          opened={navbarOpened}
          onClick={onToggleNavbar}
          hiddenFrom="sm"
          size="sm"
          aria-label={t('app.openMenu')}
        />
        <Title order={2} size="h3" style={{ whiteSpace: 'nowrap' }}>
          {t('app.name')}
        </Title>
        {info?.demo && (
          <Badge size="lg" color="yellow.4" autoContrast radius="sm" title={t('app.demoTitle')}>
            {t('app.demo')}
          </Badge>
        )}
        {info && (
          <Text size="lg" fw={600} visibleFrom="md" style={{ whiteSpace: 'nowrap' }}>
            {info.municipality?.name ??
              (firstSync === null
                ? t('app.municipalityUnset')
                : firstSync === 'unknown'
                  ? ''
                  : t('app.municipalityArriving'))}
          </Text>
        )}
      </Group>
      <Group gap="md" wrap="nowrap">
        {info && (
          <Text size="sm" visibleFrom="lg" style={{ whiteSpace: 'nowrap' }}>
            {t('app.signedIn', { name: info.session.displayName, role: t(`role.${info.session.role}`) })}
          </Text>
        )}
        <SyncIndicator />
        <LanguageSwitch />
      </Group>
    </Group>
  );
}

// A button rather than an #anchor link: the URL hash holds the route.
function focusMain() {
  document.getElementById('main-content')?.focus();
}
