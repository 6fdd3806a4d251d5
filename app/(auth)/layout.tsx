export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return <div className="flex min-h-screen items-start justify-center px-4 pt-16 sm:pt-24">{children}</div>;
}
