// The page shown when a request cannot be answered: what was asked, and what to do next.
import { Layout } from './layout.js';

/** An error page with a heading and one sentence. */
export function ErrorPage({ title, message }: { title: string; message: string }) {
  return (
    <Layout title={title} section="none">
      <h1>{title}</h1>
      <p role="alert">{message}</p>
      <p>
        <a href="/">Back to the runs</a>
      </p>
    </Layout>
  );
}
