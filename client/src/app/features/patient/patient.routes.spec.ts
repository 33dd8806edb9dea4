import { patientRoutes } from './patient.routes';
import { PatientPage } from './patient.page';

describe('patientRoutes', () => {
  it('shows the patient page with ECharts provided only in this lazy route', () => {
    expect(patientRoutes[0].component).toBe(PatientPage);
    expect(patientRoutes[0].providers).toHaveLength(1);
  });
});
