/**
 * Routes: the login page for a signed-out visitor, else the layout with the pages the key may see.
 * A page the key may not see redirects to the first one it may (the menu does not list it).
 */
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUSLocale from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth/auth-context';
import { LoginPage } from './auth/login-page';
import { ConsoleLayout } from './layout/console-layout';
import { PAGES } from './pages';

function SignedIn() {
  const { me, may } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();
  if (me === undefined) return <Spin fullscreen tip={t('common.loading')} />;
  if (me === null) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  const home = PAGES.find((page) => may(page.permission));
  return (
    <Routes>
      <Route element={<ConsoleLayout />}>
        {PAGES.map((page) => (
          <Route
            key={page.path}
            path={`${page.path}/*`}
            element={may(page.permission) ? page.element : <Navigate to="/" replace />}
          />
        ))}
        <Route
          index
          element={
            home ? (
              <Navigate to={home.path} replace />
            ) : (
              <Result status="403" subTitle={t('common.noAccess')} />
            )
          }
        />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}

export function App() {
  const { i18n } = useTranslation();
  const chinese = i18n.language === 'zh-CN';
  useEffect(() => {
    dayjs.locale(chinese ? 'zh-cn' : 'en');
  }, [chinese]);
  return (
    <ConfigProvider locale={chinese ? zhCNLocale : enUSLocale}>
      <AntApp>
        <AuthProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/*" element={<SignedIn />} />
            </Routes>
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}
