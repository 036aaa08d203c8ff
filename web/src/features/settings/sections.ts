import type { ComponentType } from 'preact';
import { PasswordSection } from './components/password-section.js';
import { ProfileSection } from './components/profile-section.js';
import { SessionsSection } from './components/sessions-section.js';
import { ThemeSection } from './components/theme-section.js';
import { TokensSection } from '../tokens/components/tokens-section.js';

/** One part of Settings: a heading (`title`) and what is under it. `id` names its heading (`settings-<id>`). */
export interface SettingsSection {
  id: string;
  title: string;
  Body: ComponentType;
}

/**
 * Settings, top to bottom. A feature joins with one line here (access tokens, push devices,
 * notification preferences…): its section is a component that loads and saves its own data.
 */
export const SECTIONS: SettingsSection[] = [
  { id: 'profile', title: 'Profile', Body: ProfileSection },
  { id: 'theme', title: 'Theme', Body: ThemeSection },
  { id: 'password', title: 'Password', Body: PasswordSection },
  { id: 'sessions', title: 'Sessions', Body: SessionsSection },
  { id: 'tokens', title: 'Access tokens', Body: TokensSection },
];
