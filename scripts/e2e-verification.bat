@echo off
rem End-to-end verification of a running PyBase monitoring stack (Windows).
rem   scripts\e2e-verification.bat
rem   scripts\e2e-verification.bat --local
rem   scripts\e2e-verification.bat --prometheus-url http://127.0.0.1:9090
rem Same checks and options as scripts/e2e-verification.sh; see monitoring\E2E_VERIFICATION_GUIDE.md.
rem Needs Python 3 (standard library only) as "py" (the Windows launcher) or "python".
setlocal
set "ROOT=%~dp0.."
where py >nul 2>nul
if %ERRORLEVEL%==0 (
  py -3 "%ROOT%\monitoring\tools\e2e_verify.py" %*
  exit /b %ERRORLEVEL%
)
where python >nul 2>nul
if %ERRORLEVEL%==0 (
  python "%ROOT%\monitoring\tools\e2e_verify.py" %*
  exit /b %ERRORLEVEL%
)
echo e2e-verification: Python 3 is required (https://www.python.org/downloads/) 1>&2
exit /b 2
